import t from 'tap';
import { createPostprocessors, createPreprocessors, PartialFailure, type Interceptor } from '../../src/interceptors/index.js';

const pre = () => createPreprocessors([{ name: 'length-prefixed', config: null }])[0];
const post = () => createPostprocessors([{ name: 'length-prefixed', config: null }])[0];
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const strs = (cs: Uint8Array[]) => cs.map((c) => Buffer.from(c).toString('utf8'));
const frame = (payload: string) => Buffer.concat(post().process(Buffer.from(payload, 'utf8')));
const feed = (p: Interceptor, chunks: Uint8Array[]) => chunks.flatMap((c) => p.process(c));

t.test('the postprocessor prepends a u64 big-endian length', (t) => {
  const p = post();
  t.equal(hex(p.process(Buffer.from('hello'))[0]), '0000000000000005' + '68656c6c6f');
  t.equal(hex(p.process(new Uint8Array(0))[0]), '0000000000000000');
  t.equal(hex(p.process(Buffer.alloc(300, 1))[0]).slice(0, 16), '000000000000012c');
  t.same(p.finish(), []);
  t.end();
});

t.test('the preprocessor reads frames however the input is split', (t) => {
  const payloads = ['snot', '', 'badger ✓', 'x'.repeat(300), ''];
  const wire = Buffer.concat(payloads.map(frame));
  t.same(strs(pre().process(wire)), payloads, 'all in one chunk');
  for (let i = 0; i <= wire.length; i++) {
    const p = pre();
    t.same(strs(feed(p, [wire.subarray(0, i), wire.subarray(i)])), payloads, `split at ${i}`);
    t.same(p.finish(), []);
  }
  for (let i = 0; i <= wire.length; i += 7) {
    for (let j = i; j <= wire.length; j += 13) {
      t.same(strs(feed(pre(), [wire.subarray(0, i), wire.subarray(i, j), wire.subarray(j)])), payloads, `split at ${i} and ${j}`);
    }
  }
  const bytewise = pre();
  t.same(
    strs(
      feed(
        bytewise,
        [...wire].map((b) => new Uint8Array([b])),
      ),
    ),
    payloads,
    'one byte at a time',
  );
  t.same(bytewise.finish(), []);
  t.end();
});

t.test('frames come out as soon as they are complete', (t) => {
  const p = pre();
  t.same(p.process(Buffer.from('00000000000000', 'hex')), [], '7 header bytes');
  t.same(strs(p.process(Buffer.from('00', 'hex'))), [''], 'a zero-length frame needs only its 8 header bytes (Tremor waits for a 9th)');
  t.same(p.process(Buffer.from('0000000000000003616263', 'hex').subarray(0, 10)), []);
  t.same(strs(p.process(Buffer.from('63', 'hex'))), ['abc']);
  t.end();
});

t.test('an unfinished frame at the end of input is an error, not lost silently', (t) => {
  const p = pre();
  t.same(p.process(frame('hello').subarray(0, 10)), []);
  t.throws(() => p.finish(), /length-prefixed: the input ended inside a frame, after 2 of its 5 bytes/);
  t.same(p.finish(), [], 'and the state is reset');
  t.same(p.process(Buffer.from('0000', 'hex')), []);
  t.throws(() => p.finish(), /ended inside a frame header, after 2 of its 8 bytes/);
  t.same(strs(p.process(frame('again'))), ['again']);
  t.end();
});

t.test('an impossible length is an error that keeps the frames before it', (t) => {
  const p = pre();
  const wire = Buffer.concat([frame('good'), Buffer.from('ffffffffffffffff', 'hex'), Buffer.from('rest')]);
  try {
    p.process(wire);
    t.fail('expected a failure');
  } catch (e) {
    t.ok(e instanceof PartialFailure);
    const f = e as PartialFailure;
    t.same(strs(f.output), ['good']);
    t.equal(f.failures.length, 1);
    t.equal(f.failures[0].at, 1);
    t.match(f.failures[0].message, /a frame of 18446744073709551615 bytes is beyond the maximum/);
  }
  t.same(p.finish(), [], 'what was buffered is dropped');
  t.same(strs(p.process(frame('fresh'))), ['fresh'], 'and the next chunk starts afresh');
  t.end();
});

t.test('takes no config', (t) => {
  t.throws(() => createPreprocessors([{ name: 'length-prefixed', config: { size: 4 } }]), /Unknown configuration key `size` for the length-prefixed preprocessor/);
  t.throws(() => createPostprocessors([{ name: 'length-prefixed', config: { size: 4 } }]), /Unknown configuration key `size` for the length-prefixed postprocessor/);
  t.end();
});
