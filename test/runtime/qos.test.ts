/**
 * qos::backpressure and qos::percentile driven by the answers to the events they forwarded
 * (Tremor's `on_contraflow`), through compiled queries; the cases are Tremor's own unit tests
 * (tremor-pipeline/src/op/qos/backpressure.rs) plus the percentile's rules.
 */
import t from 'tap';
import { compileQuery } from '../../src/lang/query/compile.js';
import { Graph, type Emitted } from '../../src/pipeline/graph.js';
import { nextBackoff } from '../../src/pipeline/operators/backpressure.js';
import { newEvent } from '../../src/runtime/event.js';
import { ackTx, failTx, txOf } from '../../src/runtime/tx.js';

const MS = 1_000_000;

/** a pipeline with the operator; `send` returns the port and the event (to answer it) */
function op(definition: string) {
  const g = new Graph(compileQuery(`define operator o from ${definition}; create operator o; select event from in into o; select event from o into out; select event from o/overflow into err;`).plan);
  let id = 0;
  return {
    send(ingestNs: number) {
      const results: Emitted[] = [];
      const err = g.enqueue('in', newEvent(id, ingestNs, id++), results);
      if (err) throw err;
      t.equal(results.length, 1);
      // the operator's `overflow` leaves the pipeline on `err` (a query's own outputs are fixed)
      return { port: results[0].port === 'err' ? 'overflow' : results[0].port, event: results[0].event };
    },
    tick(ns: number) {
      g.tick(BigInt(ns), []);
    },
  };
}

const bp = (method = 'discard') => op(`qos::backpressure with timeout = 100000000, steps = [1, 10, 100], method = "${method}" end`);

t.test('next_backoff: the first step above the current one, the last one at the top', async (t) => {
  const steps = [1n, 10n, 100n];
  t.same(
    [0n, 1n, 10n, 100n, 5n].map((c) => nextBackoff(steps, c)),
    [1n, 10n, 100n, 100n, 10n],
  );
});

t.test('pass_wo_error: without answers every event passes, and is watched', async (t) => {
  const o = bp();
  const a = o.send(1);
  t.equal(a.port, 'out');
  t.ok(a.event.tx && a.event.tx.length === 1, 'the operator joined the event’s transaction');
  t.equal(o.send(2).port, 'out');
});

t.test('halt_on_error: a slow ack backs off one step; events inside it overflow', async (t) => {
  const o = bp();
  const first = o.send(1 * MS);
  t.equal(first.port, 'out');
  ackTx(first.event.tx, 200 * MS); // 200 ms > the 100 ms timeout
  t.equal(o.send(2 * MS - 1).port, 'overflow', 'within 1 ms of the slow event');
  t.equal(o.send(2 * MS).port, 'out', 'at exactly 1 ms after it');
  t.equal(o.send(2 * MS + 1).port, 'overflow', 'the passing event moved the window on');
});

t.test('a fail backs off too; an ack in time resets', async (t) => {
  const o = bp();
  const a = o.send(1 * MS);
  failTx(a.event.tx);
  t.equal(o.send(1 * MS + 1).port, 'overflow');
  const b = o.send(2 * MS);
  ackTx(b.event.tx, 5 * MS);
  t.equal(o.send(2 * MS + 1).port, 'out', 'reset by a quick ack');
});

t.test('walk_backoff: slow answers climb the steps and stay at the top', async (t) => {
  const o = bp();
  const e = o.send(0);
  for (const _ of [1, 2, 3, 4]) ackTx(e.event.tx, 200 * MS);
  // at the top step (100 ms): events up to 100 ms after the answer's event overflow
  t.equal(o.send(100 * MS - 1).port, 'overflow');
  t.equal(o.send(100 * MS).port, 'out');
});

t.test('halt_on_error_cb: in pause mode events pass while backing off; a tick past it resets', async (t) => {
  const o = bp('pause');
  const a = o.send(1 * MS);
  ackTx(a.event.tx, 200 * MS);
  t.equal(o.send(2 * MS - 1).port, 'out', 'passes anyway');
  t.equal(o.send(2 * MS).port, 'out');
  o.tick(3 * MS + 1);
  const d = op('qos::backpressure with timeout = 100000000, steps = [1, 10, 100] end');
  const x = d.send(1 * MS);
  ackTx(x.event.tx, 200 * MS);
  d.tick(2 * MS);
  t.equal(d.send(2 * MS - 1).port, 'out', 'a tick past the back-off ends it (discard mode too)');
});

t.test('the operator joins an existing transaction without changing the source’s', async (t) => {
  const told: string[] = [];
  const src = { ack: (s: number, p: number) => void told.push(`ack ${s}:${p}`), fail: (s: number, p: number) => void told.push(`fail ${s}:${p}`) };
  const g = new Graph(compileQuery('define operator o from qos::backpressure with timeout = 1 end; create operator o; select event from in into o; select event from o into out;').plan);
  const ev = newEvent(1, 5, 0);
  const own = txOf(src, 3, 7);
  ev.tx = own;
  const results: Emitted[] = [];
  g.enqueue('in', ev, results);
  t.equal(own.length, 1, 'the source’s transaction is not changed');
  ackTx(results[0].event.tx);
  t.same(told, ['ack 3:7'], 'the source is still told');
});

t.test('qos::percentile: slow answers and fails lower the pass ratio, quick acks raise it', async (t) => {
  const o = op('qos::percentile with timeout = 100000000, step_down = 0.5, step_up = 0.25 end');
  // an ingest time whose low 16 bits give a ratio of about 0.6
  const at = 0.6 * 0xffff;
  const a = o.send(at);
  t.equal(a.port, 'out', 'p starts at 1');
  failTx(a.event.tx);
  t.equal(o.send(at).port, 'overflow', 'p = 0.5 < 0.6');
  const b = o.send(0);
  ackTx(b.event.tx, 1 * MS);
  t.equal(o.send(at).port, 'out', 'p = 0.75 after a quick ack');
  const c = o.send(0);
  ackTx(c.event.tx, 200 * MS);
  t.equal(o.send(at).port, 'overflow', 'p = 0.25 after a slow ack');
  for (const _ of [1, 2, 3, 4, 5, 6]) ackTx(c.event.tx, 0);
  t.equal(o.send(0xfffe).port, 'out', 'p never passes 1 (0xfffe / 0xffff < 1)');
});
