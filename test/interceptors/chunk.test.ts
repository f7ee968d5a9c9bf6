import t from 'tap';
import { createPostprocessors, postprocessorType, type Interceptor } from '../../src/interceptors/index.js';
import { Chunk } from '../../src/interceptors/chunk.js';
import type { Value } from '../../src/runtime/value.js';

const post = (config: Value): Interceptor => createPostprocessors([{ name: 'chunk', config }])[0];
const strs = (cs: Uint8Array[]) => cs.map((c) => Buffer.from(c).toString('utf8'));
const feed = (p: Interceptor, s: string) => strs(p.process(Buffer.from(s)));

// Tremor: chunk::tests::from_config, name, is_streaming, and postprocessor::test::test_lookup_chunk
t.test('config: max_bytes is required and greater than 0', (t) => {
  t.equal(postprocessorType('chunk')?.name, 'chunk');
  t.throws(() => post({ max_bytes: 0 }), /Invalid configuration for the chunk postprocessor: `max_bytes` must be greater than 0, not 0/);
  t.throws(() => post([]), /The configuration of the chunk postprocessor must be a record/);
  t.throws(() => post({ max_bytes: 100, another_field: [true] }), /Unknown configuration key `another_field` for the chunk postprocessor; known keys: max_bytes/);
  t.throws(() => post(null), /Missing configuration key `max_bytes` for the chunk postprocessor/);
  t.throws(() => post({ max_bytes: -1 }), /`max_bytes` must be greater than 0/);
  t.throws(() => post({ max_bytes: 1.5 }), /`max_bytes` must be an integer/);
  t.ok(post({ max_bytes: 1432 }));
  t.ok(post({ max_bytes: 42 }));
  t.end();
});

// Tremor: chunk::tests::emit_on_exact_max_bytes
t.test('a payload of exactly max_bytes goes at once', (t) => {
  const p = new Chunk(100);
  const data = Buffer.alloc(100);
  t.same(p.process(data), [data]);
  t.same(p.finish(), []);
  t.end();
});

// Tremor: chunk::tests::discard_too_big
t.test('a payload larger than max_bytes is discarded with a warning', (t) => {
  const p = new Chunk(100);
  t.throws(() => p.process(Buffer.alloc(101)), { message: 'chunk: payload of size 101 exceeded max_bytes 100. Discarding...' });
  t.same(p.finish(), [], 'nothing left');
  const q = post({ max_bytes: 5 });
  t.same(feed(q, 'ab'), []);
  t.throws(() => q.process(Buffer.from('toolong')), /payload of size 7 exceeded max_bytes 5/);
  t.same(feed(q, 'cd'), [], 'what was buffered stays');
  t.same(strs(q.finish()), ['abcd']);
  t.end();
});

t.test('payloads are packed without splitting any, up to max_bytes', (t) => {
  const p = post({ max_bytes: 10 });
  t.same(feed(p, 'snot'), []);
  t.same(feed(p, 'bad'), []);
  t.same(feed(p, 'ger'), ['snotbadger'], 'exactly full: buffer and payload together');
  t.same(feed(p, 'wombat'), []);
  t.same(feed(p, 'capybara'), ['wombat'], 'would overflow: the buffer goes, the payload waits');
  t.same(feed(p, ''), [], 'an empty payload adds nothing');
  t.same(strs(p.finish()), ['capybara'], 'finish flushes');
  t.same(p.finish(), []);
  t.same(feed(p, 'again'), [], 'usable after finish');
  t.same(strs(p.finish()), ['again']);
  t.end();
});

/** a deterministic generator (xorshift32), so a failing case replays */
function rng(seed: number): (n: number) => number {
  let s = seed || 1;
  return (n) => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) % n;
  };
}

// Tremor: chunk::tests::test_chunk (a proptest), with seeded inputs: 0..100 payloads of 0..1000
// bytes, max_bytes 100; Tremor's `finish(last)` is a last `process` followed by `finish`
t.test('property: chunks are never empty nor over max_bytes, and nothing that fits is lost', (t) => {
  const maxBytes = 100;
  for (let seed = 1; seed <= 200; seed++) {
    const next = rng(seed);
    // most payloads small, so that packing is exercised; some too big
    const inputs = Array.from({ length: next(100) }, () => Buffer.alloc(next(4) === 0 ? next(1000) : next(60), seed & 0xff));
    const p = new Chunk(maxBytes);
    let acc = 0;
    let kept = 0;
    let out = 0;
    const problems: string[] = [];
    for (const data of inputs) {
      let res: Uint8Array[];
      try {
        res = p.process(data);
      } catch {
        if (data.length <= maxBytes) problems.push(`a payload of ${data.length} bytes was refused`);
        continue;
      }
      if (data.length > maxBytes) problems.push(`a payload of ${data.length} bytes was taken`);
      if (res.some((c) => c.length === 0 || c.length > maxBytes)) problems.push('an empty or overlong chunk');
      if (acc + data.length > maxBytes) {
        if (res.length !== 1) problems.push('overflow did not emit one chunk');
        acc = data.length;
      } else if (acc + data.length === maxBytes) {
        if (res.length !== 1 || res[0].length !== maxBytes) problems.push('a full buffer was not emitted');
        acc = 0;
      } else {
        if (res.length !== 0) problems.push('emitted early');
        acc += data.length;
      }
      kept += data.length;
      out += res.reduce((n, c) => n + c.length, 0);
    }
    const rest = p.finish();
    if (rest.some((c) => c.length === 0 || c.length > maxBytes)) problems.push('an empty or overlong chunk at finish');
    if (acc > 0 && rest.length !== 1) problems.push('finish lost the buffer');
    out += rest.reduce((n, c) => n + c.length, 0);
    if (out !== kept) problems.push(`${kept} bytes in, ${out} out`);
    t.same(problems, [], `seed ${seed}`);
  }
  t.end();
});
