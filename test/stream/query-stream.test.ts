import t from 'tap';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { compileQuery } from '../../src/lang/query/compile.js';
import { QueryStream } from '../../src/stream/query-stream.js';
import { JsonLinesDecoder } from '../../src/stream/decoder.js';
import { JsonLinesEncoder } from '../../src/stream/encoder.js';
import type { Emitted } from '../../src/pipeline/graph.js';
import { newEvent } from '../../src/runtime/event.js';
import { stringify } from '../../src/runtime/json.js';
import type { Value } from '../../src/runtime/value.js';

t.test('a compiled query is a Transform over values', async (t) => {
  const s = new QueryStream(compileQuery('select event * 2 from in where event > 1 into out').plan, { values: true });
  const out: unknown[] = [];
  await pipeline(Readable.from([1, 2, 3]), s, new Writable({ objectMode: true, write: (v, _e, cb) => (out.push(v), cb()) }));
  t.same(out, [4, 6]);
});

t.test('the err port and runtime errors are reachable', async (t) => {
  const errors: unknown[] = [];
  const q = compileQuery('select {"bad": event} from in where event.ok == false into err; select event.v from in into out;').plan;
  const s = new QueryStream(q, { onError: (e) => errors.push(e) });
  const got: Emitted[][] = [];
  const events = [newEvent({ ok: true, v: 1 }, 0), newEvent({ ok: false, v: 2 }, 1), newEvent({ v: 3 }, 2)];
  await pipeline(Readable.from([events]), s, new Writable({ objectMode: true, write: (b, _e, cb) => (got.push(b), cb()) }));
  const flat = got.flat().map((r) => `${r.port}:${JSON.stringify(r.event.data)}`);
  // Tremor runs the select declared last first: event 3 reaches out before the first select fails
  t.same(flat, ['out:1', 'err:{"bad":{"ok":false,"v":2}}', 'out:2', 'out:3']);
  t.equal(errors.length, 1, 'the third event failed in the first select');
  t.match(String((errors[0] as Error).message), /non existing event key `ok`/);
});

t.test('highWaterMark is honoured: a slow reader stops the writer', async (t) => {
  const s = new QueryStream(compileQuery('select event from in into out').plan, { values: true, highWaterMark: 4 });
  let accepted = 0;
  while (s.write(accepted)) accepted++;
  t.ok(accepted <= 10, `write() returned false after ${accepted} chunks with nobody reading`);
  const drained = new Promise((r) => s.once('drain', r));
  s.resume();
  await drained;
  t.pass('drain after reading');
  s.destroy();
});

t.test('decoder, query and encoder pipe JSON lines with batching', async (t) => {
  const errs: string[] = [];
  const dec = new JsonLinesDecoder({ onError: (e) => errs.push(`${e.line}`) });
  const q = new QueryStream(compileQuery('select event.a from in into out').plan);
  const enc = new JsonLinesEncoder();
  let text = '';
  await pipeline(Readable.from(['{"a":1}\n{"a"', ':2}\nnot json\n', '{"a":3}']), dec, q, enc, new Writable({ write: (c, _e, cb) => ((text += c), cb()) }));
  t.equal(text, '1\n2\n3\n');
  t.same(errs, ['3']);
});

t.test('open windows are flushed at end of input in both modes', async (t) => {
  const q = 'define window w from tumbling with size = 10 end; select aggr::stats::sum(event) from in[w] into out;';
  const vals: unknown[] = [];
  await pipeline(Readable.from([1, 2, 3]), new QueryStream(compileQuery(q).plan, { values: true }), new Writable({ objectMode: true, write: (v, _e, cb) => (vals.push(v), cb()) }));
  t.same(
    vals.map((v) => stringify(v as Value)),
    ['6.0'],
    'a sum is a float (FloatBox for integral values)',
  );
  let text = '';
  await pipeline(Readable.from(['1\n2\n3\n4\n']), new JsonLinesDecoder(), new QueryStream(compileQuery(q).plan), new JsonLinesEncoder(), new Writable({ write: (c, _e, cb) => ((text += c), cb()) }));
  t.equal(text, '10.0\n');
  const none: unknown[] = [];
  await pipeline(Readable.from([1, 2]), new QueryStream(compileQuery(q).plan, { values: true, flush: false }), new Writable({ objectMode: true, write: (v, _e, cb) => (none.push(v), cb()) }));
  t.same(none, [], 'flush: false keeps them');
});

t.test('generic::batch events reach writers unpacked, one value per batched event', async (t) => {
  const q = 'define operator b from generic::batch with count = 2 end; create operator b; select event from in into b; select event from b into out;';
  const vals: unknown[] = [];
  await pipeline(Readable.from([{ a: 1 }, { a: 2 }, { a: 3 }]), new QueryStream(compileQuery(q).plan, { values: true }), new Writable({ objectMode: true, write: (v, _e, cb) => (vals.push(v), cb()) }));
  t.same(vals, [{ a: 1 }, { a: 2 }, { a: 3 }], 'the partial batch is flushed at the end');
  let text = '';
  const got: Emitted[] = [];
  const enc = new JsonLinesEncoder();
  await pipeline(
    Readable.from(['{"a":1}\n{"a":2}\n{"a":3}\n{"a":4}\n']),
    new JsonLinesDecoder(),
    new QueryStream(compileQuery(q).plan),
    new Transform({ objectMode: true, transform: (b: Emitted[], _e, cb) => (got.push(...b), cb(null, b)) }),
    enc,
    new Writable({ write: (c, _e, cb) => ((text += c), cb()) }),
  );
  t.equal(text, '{"a":1}\n{"a":2}\n{"a":3}\n{"a":4}\n');
  t.equal(got.length, 2, 'two batch events');
  t.ok(
    got.every((r) => r.event.batch),
    'flagged as batches',
  );
  t.same((got[0].event.data as unknown[]).length, 2);
});
