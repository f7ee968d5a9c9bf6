import t from 'tap';
import { ManualClock } from '../../src/base/clock.js';
import { createPostprocessors, createPreprocessors, postprocessorType, preprocessorType, type Interceptor } from '../../src/interceptors/index.js';
import { CHUNK_TIMEOUT_MS, GelfReassembler } from '../../src/interceptors/gelf/reassembler.js';
import { encodeChunk } from '../../src/interceptors/gelf/segment.js';
import { GelfSplitter } from '../../src/interceptors/gelf/splitter.js';
import type { Value } from '../../src/runtime/value.js';
import { failure } from './failure.js';

const pre = (config: Value = null): Interceptor => createPreprocessors([{ name: 'gelf-chunking', config }])[0];
const post = (config: Value = null): Interceptor => createPostprocessors([{ name: 'gelf-chunking', config }])[0];
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (n: number, seed = 0) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff));
const feed = (p: Interceptor, chunks: Uint8Array[]) => chunks.flatMap((c) => p.process(c));

/** a deterministic shuffle (a linear congruential generator), so failures replay */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

// Tremor: preprocessor::gelf_chunking::test::gelf_chunking_default
t.test('an unchunked JSON message passes through unchanged', (t) => {
  const d = Buffer.from('{"snot": "badger"}');
  t.same(pre().process(d), [d]);
  t.end();
});

// Tremor: preprocessor::gelf_chunking::test::bad_len
t.test('too short or unknown headers are errors with Tremor text', (t) => {
  const p = pre();
  t.throws(() => p.process(new Uint8Array(0)), { message: 'gelf-chunking: Invalid Gelf Header: 0 bytes, None' });
  t.throws(() => p.process(Buffer.from('{')), { message: 'gelf-chunking: Invalid Gelf Header: 1 bytes, Some([123, 0])' });
  t.same(p.process(Buffer.from('{}')), [Buffer.from('{}')]);
  t.throws(() => p.process(Buffer.from([0x1f, 0x8b, 8, 0, 0, 0])), { message: 'gelf-chunking: Invalid Gelf Header: 6 bytes, Some([31, 139])' }, 'gzip is not undone here (decompress is)');
  t.throws(() => p.process(Buffer.from([0x78, 0x9c, 1, 2])), /Invalid Gelf Header: 4 bytes, Some\(\[120, 156\]\)/, 'nor zlib');
  t.throws(() => p.process(Buffer.from([0x1e, 0x0f, 0, 0, 0, 0, 0, 0, 0, 1, 0])), /Invalid Gelf Header: 11 bytes, Some\(\[30, 15\]\)/, 'a chunk shorter than its header');
  t.end();
});

t.test('WELF (magic 0x1f 0x3c) is a whole message behind its 2 magic bytes', (t) => {
  t.same(pre().process(Buffer.from([0x1f, 0x3c, ...Buffer.from('{"a":1}')])), [Buffer.from('{"a":1}')]);
  t.end();
});

// Tremor: postprocessor::gelf_chunking::test::simple_encode_decode
t.test('20 bytes in chunks of 20 are 3 chunks, reassembled on the last', (t) => {
  const input = Buffer.from(Array.from({ length: 20 }, (_, i) => i));
  const encoded = new GelfSplitter(20).process(input);
  t.equal(encoded.length, 3);
  const decoder = pre();
  t.same(decoder.process(encoded[0]), []);
  t.same(decoder.process(encoded[1]), []);
  t.same(decoder.process(encoded[2]), [input]);
  t.same(decoder.finish(), [], 'nothing held');
  t.end();
});

// Tremor: test_lookup (pre and post) and postprocessor::gelf_chunking::test::name
t.test('registered on both sides under one name', (t) => {
  t.equal(preprocessorType('gelf-chunking')?.kind, 'preprocessor');
  t.equal(postprocessorType('gelf-chunking')?.kind, 'postprocessor');
  t.end();
});

t.test('the chunk header: magic, message id, sequence number and count', (t) => {
  const p = post({ chunk_size: 16 });
  const [a, b] = p.process(Buffer.from('abcdef'));
  t.equal(hex(a), '1e0f' + '0000000000000000' + '00' + '02' + hex(Buffer.from('abcd')));
  t.equal(hex(b), '1e0f' + '0000000000000000' + '01' + '02' + hex(Buffer.from('ef')));
  const [c] = p.process(Buffer.from('x'));
  t.equal(hex(c), '1e0f' + '0000000000000001' + '00' + '01' + '78', 'the next payload has the next id; one that fits is still a chunk (count 1)');
  t.same(post().process(new Uint8Array(0)), [], 'an empty payload makes no chunk, as in Tremor');
  t.same(p.finish(), []);
  t.end();
});

t.test('the default chunk is 8192 bytes, header included', (t) => {
  const p = post();
  t.same(
    p.process(bytes(8180)).map((c) => c.length),
    [8192],
  );
  t.same(
    p.process(bytes(8181)).map((c) => c.length),
    [8192, 13],
  );
  t.end();
});

t.test('more than 128 chunks is an error with Tremor text, and costs no message id', (t) => {
  const p = new GelfSplitter(13);
  t.equal(p.process(bytes(128)).length, 128, '128 chunks of 1 byte are fine');
  t.throws(() => p.process(bytes(129)), { message: 'gelf-chunking: Maximum number of chunks is 128 this package would cause 129 chunks.' });
  t.equal(hex(p.process(Buffer.from('z'))[0].subarray(2, 10)), '0000000000000001', 'the failed payload took no id');
  t.end();
});

t.test('round trips pre ∘ post for many sizes, each chunk order', (t) => {
  for (const size of [1, 2, 19, 20, 21, 100, 8180, 8181, 50_000, 8180 * 128]) {
    const payload = bytes(size, size);
    const chunks = post().process(payload);
    for (const seed of [1, 2, 3]) {
      const order = shuffled(chunks, seed * size);
      const out = feed(pre(), order);
      t.equal(out.length, 1, `${size} bytes, order ${seed}: one message`);
      t.ok(Buffer.from(out[0]).equals(payload), `${size} bytes, order ${seed}: the payload`);
    }
  }
  t.end();
});

t.test('chunks of several messages interleaved, in any order', (t) => {
  const splitter = new GelfSplitter(20);
  const payloads = ['snot badger wombat capybara', 'quagga and gnu and zebra', 'one'].map((s) => Buffer.from(s));
  const chunks = payloads.flatMap((p) => splitter.process(p));
  const out = feed(pre(), shuffled(chunks, 42)).map((b) => Buffer.from(b).toString());
  t.same([...out].sort(), payloads.map((b) => b.toString()).sort());
  t.end();
});

t.test('a duplicate chunk drops the whole message; its id then starts afresh', (t) => {
  const [a, b, c] = new GelfSplitter(13).process(Buffer.from('abc'));
  const p = pre();
  t.same(p.process(a), []);
  const f = failure(() => p.process(a));
  t.same(f.output, []);
  t.equal(f.message, 'gelf-chunking: Duplicate index 0 for gelf message id 0; the message is discarded (1 of 3 chunks had arrived)');
  t.same(p.process(b), [], 'a new message 0 begins with chunk 1');
  t.same(p.process(c), []);
  t.same(p.process(a), [Buffer.from('abc')]);
  t.end();
});

t.test('out-of-range sequence numbers', (t) => {
  const p = pre();
  t.throws(() => p.process(encodeChunk(7n, 3, 3, Buffer.from('x'))), { message: 'gelf-chunking: Discarding out of range chunk 3/3 for 7 (1 bytes)' }, 'for a new message: the chunk is dropped');
  t.throws(() => p.process(encodeChunk(8n, 0, 0, Buffer.from('x'))), /out of range chunk 0\/0 for 8/, 'a count of 0');
  t.same(p.process(encodeChunk(9n, 0, 2, Buffer.from('a'))), []);
  t.throws(
    () => p.process(encodeChunk(9n, 2, 3, Buffer.from('c'))),
    { message: 'gelf-chunking: Out of range chunk 2/2 for gelf message id 9; the message is discarded (1 of 2 chunks had arrived)' },
    'the first chunk set the count',
  );
  t.same(p.process(encodeChunk(9n, 1, 2, Buffer.from('b'))), [], 'message 9 is gone: this starts a new one');
  t.match(failure(() => p.finish()).message, /incomplete gelf message id 9: the stream ended with 1 of its 2 chunks/);
  t.end();
});

t.test('ids are 64-bit, compared exactly', (t) => {
  const p = pre();
  const big = 0xffff_ffff_ffff_fff0n;
  t.same(p.process(encodeChunk(big, 1, 2, Buffer.from('b'))), []);
  t.same(p.process(encodeChunk(big + 1n, 0, 2, Buffer.from('X'))), []);
  t.same(p.process(encodeChunk(big, 0, 2, Buffer.from('a'))), [Buffer.from('ab')]);
  t.end();
});

t.test('incomplete messages expire after 5 to 10 s, as Tremor swaps its two generations', (t) => {
  const clock = new ManualClock();
  const p = new GelfReassembler(clock);
  const chunk = (id: bigint, seq: number, s: string) => encodeChunk(id, seq, 2, Buffer.from(s));
  t.same(p.process(chunk(1n, 0, 'a')), [], 'message 1 starts at 0 s');
  clock.advance(CHUNK_TIMEOUT_MS);
  t.same(p.process(chunk(2n, 0, 'c')), [], 'message 2 at 5 s: no swap yet (Tremor: strictly more than 5 s)');
  clock.advance(1);
  t.same(p.process(chunk(3n, 0, 'e')), [], 'a swap at 5.001 s: messages 1 and 2 are now the older generation');
  t.same(p.process(chunk(1n, 1, 'b')), [Buffer.from('ab')], 'an older message still completes');
  clock.advance(CHUNK_TIMEOUT_MS + 1);
  const f = failure(() => p.process(chunk(3n, 1, 'f')));
  t.same(f.output, [Buffer.from('ef')], 'message 3 was one generation old: it completes');
  t.same(f.failures, [{ at: 0, message: 'gelf-chunking: Discarding the incomplete gelf message id 2: 5 s passed with 1 of its 2 chunks (1 bytes)' }], 'message 2 expired at the second swap');
  t.same(p.process(chunk(2n, 1, 'd')), [], 'its late chunk starts a new message');
  t.end();
});

t.test('finish reports the incomplete messages still held, and forgets them', (t) => {
  const p = pre();
  t.same(p.process(encodeChunk(5n, 1, 3, Buffer.from('bb'))), []);
  t.same(p.process(encodeChunk(6n, 0, 2, Buffer.from('a'))), []);
  const f = failure(() => p.finish());
  t.same(f.output, []);
  t.same(
    f.failures.map((x) => x.message),
    [
      'gelf-chunking: Discarding the incomplete gelf message id 5: the stream ended with 1 of its 3 chunks (2 bytes)',
      'gelf-chunking: Discarding the incomplete gelf message id 6: the stream ended with 1 of its 2 chunks (1 bytes)',
    ],
  );
  t.same(p.finish(), []);
  t.same(p.process(encodeChunk(6n, 1, 2, Buffer.from('b'))), [], 'message 6 is gone');
  t.end();
});

t.test('configuration: none before, chunk_size after', (t) => {
  t.throws(() => pre({ chunk_size: 100 }), /Unknown configuration key `chunk_size` for the gelf-chunking preprocessor; it takes no configuration/);
  t.throws(() => post({ size: 100 }), /Unknown configuration key `size` for the gelf-chunking postprocessor; known keys: chunk_size/);
  t.throws(() => post({ chunk_size: 12 }), /`chunk_size` must be at least 13, not 12/);
  t.throws(() => post({ chunk_size: 65508 }), /`chunk_size` must be at most 65507/);
  t.throws(() => post({ chunk_size: '1420' }), /`chunk_size` must be an integer/);
  t.same(
    post({ chunk_size: 1420 })
      .process(bytes(3000))
      .map((c) => c.length),
    [1420, 1420, 196],
  );
  t.end();
});
