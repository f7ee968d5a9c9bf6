/**
 * Transactions (src/runtime/tx.ts): merging, answering, and how pipelines carry them — a
 * window, a group, a batch answer for every event in them, once their output is answered.
 */
import t from 'tap';
import { compileQuery } from '../../src/lang/query/compile.js';
import { Graph, type Emitted } from '../../src/pipeline/graph.js';
import { cloneEvent, newEvent, withData } from '../../src/runtime/event.js';
import { ackTx, failTx, mergeTx, txOf, type Tx, type TxSource } from '../../src/runtime/tx.js';
import type { Value } from '../../src/runtime/value.js';

/** a source that records what it is told */
function recorder(): TxSource & { told: string[] } {
  const told: string[] = [];
  return { told, ack: (s, p) => void told.push(`ack ${s}:${p}`), fail: (s, p) => void told.push(`fail ${s}:${p}`) };
}

t.test('merge keeps the lowest and highest pull id per source stream; an ack tells the highest, a fail the lowest', async (t) => {
  const a = recorder();
  const b = recorder();
  let tx: Tx | null = null;
  for (const [src, stream, pull] of [
    [a, 0, 5],
    [a, 0, 3],
    [a, 1, 4],
    [b, 0, 9],
    [a, 0, 7],
  ] as const)
    tx = mergeTx(tx, txOf(src, stream, pull));
  ackTx(tx);
  t.same(a.told, ['ack 0:7', 'ack 1:4']);
  t.same(b.told, ['ack 0:9']);
  failTx(tx);
  t.same(a.told.slice(2), ['fail 0:3', 'fail 1:4']);
  t.same(b.told.slice(1), ['fail 0:9']);
  const shared = txOf(a, 2, 1);
  const merged = mergeTx(null, shared);
  mergeTx(merged, txOf(a, 2, 8));
  t.same(shared, [{ source: a, stream: 2, min: 1, max: 1 }], 'the merged-from transaction is never changed');
  t.equal(mergeTx(null, null), null);
  ackTx(null);
  failTx(null);
});

t.test('copies and new payloads keep the transaction; plain events have none', async (t) => {
  const a = recorder();
  const ev = newEvent(1, 0);
  t.equal(ev.tx, null);
  ev.tx = txOf(a, 0, 1);
  t.equal(cloneEvent(ev).tx, ev.tx);
  t.equal(withData(ev, 2).tx, ev.tx);
});

/** a compiled query fed events of one transactional stream, pull ids 0, 1, … */
function feed(query: string, values: Value[]) {
  const src = recorder();
  const g = new Graph(compileQuery(query).plan);
  const results: Emitted[] = [];
  values.forEach((v, i) => {
    const ev = newEvent(v, i, i);
    ev.tx = txOf(src, 0, i);
    const err = g.enqueue('in', ev, results);
    if (err) throw err;
  });
  return { src, results, g };
}

t.test('a tumbling window: nothing is answered when it closes, all of it when its output is', async (t) => {
  const { src, results } = feed('define window three from tumbling with size = 3 end; select aggr::stats::count() from in[three] into out;', [1, 2, 3, 4]);
  t.equal(results.length, 1);
  t.same(src.told, [], 'closing the window answers nobody');
  ackTx(results[0].event.tx);
  t.same(src.told, ['ack 0:2'], 'the ack covers pull ids 0 to 2, told as the highest');
  failTx(results[0].event.tx);
  t.same(src.told.slice(1), ['fail 0:0'], 'a fail is told as the lowest');
});

t.test('tilt frames: the larger window answers for the events of every smaller window it took', async (t) => {
  const { results } = feed('define window two from tumbling with size = 2 end; define window four from tumbling with size = 2 end; select aggr::stats::count() from in[two, four] into out;', [1, 2, 3, 4, 5]);
  const spans = results.map((r) => (r.event.tx ?? []).map((e) => `${e.min}-${e.max}`).join());
  t.same(spans, ['0-1', '2-3', '0-3'], 'two windows of two, then the larger one holding both');
});

t.test('group by: each group answers for its own events', async (t) => {
  const { results } = feed('define window two from tumbling with size = 2 end; select aggr::stats::count() from in[two] group by set(event) into out;', ['a', 'b', 'a', 'b', 'c']);
  t.same(
    results.map((r) => (r.event.tx ?? []).map((e) => `${e.min}-${e.max}`).join()),
    ['0-2', '1-3'],
  );
});

t.test('end of input flushes open windows with their transactions; a where drops answer nobody', async (t) => {
  const { results, g } = feed('define window ten from tumbling with size = 10 end; select aggr::stats::count() from in[ten] where event > 1 into out;', [1, 2, 3]);
  t.equal(results.length, 0);
  g.flush(results);
  t.same(
    results.map((r) => (r.event.tx ?? []).map((e) => `${e.min}-${e.max}`).join()),
    ['1-2'],
    'event 0 did not pass the where: the window does not answer for it',
  );
});

t.test('generic::batch and a sliding window carry every input', async (t) => {
  const batch = feed('define operator b from generic::batch with count = 3 end; create operator b; select event from in into b; select event from b into out;', [1, 2, 3]);
  t.same(
    batch.results[0].event.tx?.map((e) => [e.min, e.max]),
    [[0, 2]],
  );
  const sliding = feed('define window s from sliding with size = 4, slide = 2 end; select aggr::stats::count() from in[s] into out;', [1, 2, 3, 4, 5, 6]);
  t.same(
    sliding.results.map((r) => r.event.tx?.map((e) => [e.min, e.max])),
    [[[0, 1]], [[0, 3]], [[2, 5]]],
  );
});

t.test('a select without a window (with a group by) keeps the event transaction', async (t) => {
  const { results } = feed('select event from in group by set(event) into out;', ['x']);
  t.same(
    results[0].event.tx?.map((e) => [e.min, e.max]),
    [[0, 0]],
  );
});
