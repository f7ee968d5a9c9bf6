import t from 'tap';
import { createPostprocessors, createPreprocessors } from '../../src/interceptors/index.js';
import type { IngestNsPre } from '../../src/interceptors/ingest-ns.js';
import { wallClockNs } from '../../src/base/wallclock.js';

const pre = () => createPreprocessors([{ name: 'ingest-ns', config: null }])[0];
const post = () => createPostprocessors([{ name: 'ingest-ns', config: null }])[0];

t.test("the preprocessor strips the 8-byte timestamp (Tremor's test)", (t) => {
  const p = pre();
  const out = p.process(new Uint8Array([0, 0, 0, 0, 0, 0, 0, 42, 0x38, 0x39]));
  t.same(
    out.map((c) => Buffer.from(c).toString()),
    ['89'],
  );
  t.equal((p as IngestNsPre).lastIngestNs, 42n);
  t.same(
    p.process(Buffer.from('ffffffffffffffff', 'hex')).map((c) => c.length),
    [0],
    'exactly 8 bytes: an empty payload',
  );
  t.equal((p as IngestNsPre).lastIngestNs, 18446744073709551615n);
  t.same(p.finish(), []);
  t.end();
});

t.test('fewer than 8 bytes is an error', (t) => {
  const p = pre();
  t.throws(() => p.process(new Uint8Array(7)), /ingest-ns: a chunk of 7 bytes is too short for its 8-byte timestamp/);
  t.throws(() => p.process(new Uint8Array(0)), /a chunk of 0 bytes/);
  t.end();
});

t.test('the postprocessor prepends the wall clock as a u64 big-endian, and they round trip', (t) => {
  const before = wallClockNs();
  const [out] = post().process(new Uint8Array([1, 2, 3]));
  const after = wallClockNs();
  t.equal(out.length, 11);
  const ns = Buffer.from(out).readBigUInt64BE(0);
  t.ok(ns >= before && ns <= after, 'the time of encoding');
  t.same([...out.subarray(8)], [1, 2, 3]);
  const p = pre();
  t.same([...p.process(out)[0]], [1, 2, 3]);
  t.equal((p as IngestNsPre).lastIngestNs, ns);
  t.end();
});

t.test('takes no config', (t) => {
  t.throws(() => createPreprocessors([{ name: 'ingest-ns', config: { x: 1 } }]), /Unknown configuration key `x` for the ingest-ns preprocessor/);
  t.throws(() => createPostprocessors([{ name: 'ingest-ns', config: { x: 1 } }]), /Unknown configuration key `x` for the ingest-ns postprocessor/);
  t.end();
});
