import t from 'tap';
import { createPostprocessors, postprocessorType, type Interceptor } from '../../src/interceptors/index.js';
import type { Value } from '../../src/runtime/value.js';

const post = (config: Value = null): Interceptor => createPostprocessors([{ name: 'collect', config }])[0];
const strs = (cs: Uint8Array[]) => cs.map((c) => Buffer.from(c).toString('utf8'));
const feed = (p: Interceptor, s: string) => strs(p.process(Buffer.from(s)));

// Tremor: collect::tests::name and postprocessor::test::test_lookup_collect
t.test('registered as collect; named alone or with {} it collects everything', (t) => {
  t.equal(postprocessorType('collect')?.name, 'collect');
  t.ok(post());
  t.ok(post({}));
  t.end();
});

// Tremor: collect::tests::collect_all (Tremor's `finish(Some("wobble"))` is a last payload, then finish)
t.test('without max_bytes everything goes as one chunk at the end', (t) => {
  const p = post({});
  t.same(feed(p, ''), []);
  t.same(feed(p, 'snot'), []);
  t.same(feed(p, 'badger'), []);
  t.same(feed(p, 'wobble'), []);
  t.same(strs(p.finish()), ['snotbadgerwobble']);
  t.end();
});

// Tremor: collect::tests::no_final
t.test('finish with no last payload sends what was collected', (t) => {
  const p = post({});
  t.same(feed(p, ''), []);
  t.same(feed(p, 'snot'), []);
  t.same(feed(p, 'badger'), []);
  t.same(strs(p.finish()), ['snotbadger']);
  t.end();
});

// Tremor: collect::tests::with_max
t.test('with max_bytes the collection goes before it would grow past it; big payloads stay whole', (t) => {
  const p = post({ max_bytes: 5 });
  t.same(feed(p, ''), []);
  t.same(feed(p, 'snot'), []);
  t.same(feed(p, 'badger'), ['snot']);
  t.same(feed(p, 'wobble'), ['badger'], 'a payload over max_bytes is a chunk of its own, not split');
  t.same(strs(p.finish()), ['wobble']);
  t.end();
});

t.test('nothing collected, nothing sent (Tremor sends an empty chunk)', (t) => {
  const p = post({ max_bytes: 3 });
  t.same(p.finish(), [], 'at finish');
  t.same(feed(p, 'toolong'), [], 'before a first payload over max_bytes');
  t.same(feed(p, 'ab'), ['toolong']);
  t.same(feed(p, 'c'), []);
  t.same(feed(p, 'd'), ['abc']);
  t.same(strs(p.finish()), ['d']);
  t.same(post().finish(), []);
  t.end();
});

t.test('config: max_bytes a non-negative integer, no other keys', (t) => {
  t.throws(() => post({ max_bytes: -1 }), /Invalid configuration for the collect postprocessor: `max_bytes` must be at least 0, not -1/);
  t.throws(() => post({ 'max-bytes': 5 }), /Unknown configuration key `max-bytes` for the collect postprocessor; known keys: max_bytes/);
  t.throws(() => post({ max_bytes: 'big' }), /`max_bytes` must be an integer/);
  t.end();
});
