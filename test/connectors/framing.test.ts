import t from 'tap';
import { EventDecoder, EventEncoder } from '../../src/connectors/framing.js';
import { stringify } from '../../src/runtime/json.js';
import { fakeContext } from './fake-context.js';

const origin = { scheme: 'tremor-test', host: 'h', port: null, path: [] };

t.test('bytes -> preprocessors -> codec -> events, errors in place with their line', (t) => {
  const d = new EventDecoder(fakeContext({ pre: ['separate'] }), { origin, meta: () => ({ test: { n: 1 } }) });
  const a = d.decode(Buffer.from('{"a":1}\n{"a":\n'));
  const b = d.decode(Buffer.from('\n{"a":3}\n{"a"'));
  const c = d.finish();
  const all = [...a, ...b, ...c];
  t.same(
    all.map((pe) => `${pe.port} ${stringify(pe.event.data)}`),
    [
      'out {"a":1}',
      'err {"error":"Invalid JSON: unexpected end of input, expected a JSON value at column 6","source":"main::test","line":2,"data":"{\\"a\\":"}',
      'err {"error":"Invalid JSON: empty input","source":"main::test","line":3,"data":""}',
      'out {"a":3}',
      `err {"error":"Invalid JSON: unexpected end of input, expected ':' at column 5","source":"main::test","line":5,"data":"{\\"a\\""}`,
    ],
    'the last line, flushed by finish, is decoded too',
  );
  t.same(
    all.map((pe) => pe.event.id),
    [0, 1, 2, 3, 4],
    'ids count every event of the stream',
  );
  t.same(all[0].event.meta, { test: { n: 1 } });
  t.same(all[1].event.meta, { test: { n: 1 }, error: 'Invalid JSON: unexpected end of input, expected a JSON value at column 6' });
  t.not(all[0].event.meta, all[3].event.meta, 'each event has its own meta record');
  t.equal(all[0].event.origin, origin);
  t.equal(typeof all[0].event.ingestNs, 'bigint');
  t.end();
});

t.test('line numbers count lines even when remove-empty drops some', (t) => {
  const d = new EventDecoder(fakeContext({ pre: ['separate', 'remove-empty'] }), { origin: null });
  const out = [...d.decode(Buffer.from('1\n\n\nbad\n2\n')), ...d.finish()];
  t.same(
    out.map((pe) => pe.port),
    ['out', 'err', 'out'],
  );
  t.equal((out[1].event.data as Record<string, unknown>).line, 4);
  t.end();
});

t.test('non-UTF-8 data goes to err as a binary; preprocessor failures keep the good lines', (t) => {
  const d = new EventDecoder(fakeContext({ codec: 'string', pre: [{ name: 'separate', config: { max_length: 4 } }] }), { origin: null });
  const out = d.decode(Buffer.from([0x61, 0x0a, 0xff, 0xfe, 0x0a, 0x62, 0x62, 0x62, 0x62, 0x62, 0x0a, 0x63, 0x0a]));
  t.same(
    out.map((pe) => pe.port),
    ['out', 'err', 'err', 'out'],
  );
  t.same(
    out.map((pe) => (pe.port === 'err' ? (pe.event.data as Record<string, unknown>).line : pe.event.data)),
    ['a', 2, 3, 'c'],
  );
  const bad = (out[1].event.data as Record<string, unknown>).data;
  t.ok(bad instanceof Uint8Array);
  t.same([...(bad as Uint8Array)], [0xff, 0xfe]);
  t.match((out[2].event.data as Record<string, unknown>).error, /exceeds the maximum length of 4 bytes/);
  t.end();
});

t.test('without preprocessors each chunk is one value', (t) => {
  const d = new EventDecoder(fakeContext({ codec: 'json' }), { origin: null });
  t.same(
    d.decode(Buffer.from('{"x": [1,\n2]}\n')).map((pe) => pe.event.data),
    [{ x: [1, 2] }],
  );
  t.same(d.finish(), []);
  t.throws(() => new EventDecoder(fakeContext({ codec: null }), { origin: null }), /needs a codec/);
  t.throws(() => new EventDecoder(fakeContext({ pre: ['lines'] }), { origin: null }), /Unknown preprocessor `lines`/);
  t.end();
});

t.test('values -> codec -> postprocessors -> chunks', (t) => {
  const e = new EventEncoder(fakeContext({ codec: { name: 'json', config: { mode: 'sorted' } }, post: ['separate'] }));
  t.same(
    e.encode({ b: 1, a: 2 }).map((c) => Buffer.from(c).toString()),
    ['{"a":2,"b":1}\n'],
  );
  t.same(e.finish(), []);
  const g = new EventEncoder(fakeContext({ codec: 'string', post: ['separate', 'gzip'] }));
  t.equal(g.encode('hi').length, 1);
  t.end();
});
