import t from 'tap';
import { deflateSync, inflateSync } from 'node:zlib';
import { createPostprocessors, createPreprocessors } from '../../src/interceptors/index.js';

const str = (b: Uint8Array) => Buffer.from(b).toString('utf8');

t.test('the postprocessor deflates each chunk, the preprocessor inflates it', (t) => {
  const [def] = createPostprocessors([{ name: 'zlib', config: null }]);
  const [inf] = createPreprocessors([{ name: 'zlib', config: null }]);
  const [packed] = def.process(Buffer.from('{"snot":"badger"}\n'));
  t.equal(packed[0], 0x78, 'a zlib header');
  t.equal(packed[1], 0x9c, 'default compression');
  t.equal(inflateSync(packed).toString(), '{"snot":"badger"}\n', 'real zlib');
  t.same(inf.process(deflateSync('hello')).map(str), ['hello']);
  t.same(inf.process(packed).map(str), ['{"snot":"badger"}\n']);
  t.same(inf.process(def.process(new Uint8Array(0))[0]).map(str), [''], 'empty round trip');
  t.same([def.finish(), inf.finish()], [[], []]);
  t.end();
});

t.test('bad input and bad config are errors', (t) => {
  const [inf] = createPreprocessors([{ name: 'zlib', config: null }]);
  t.throws(() => inf.process(Buffer.from('not zlib')), /zlib: cannot decompress 8 bytes: incorrect header check/);
  const truncated = deflateSync('a longer text to compress').subarray(0, 10);
  t.throws(() => inf.process(truncated), /zlib: cannot decompress 10 bytes/);
  t.same(inf.process(deflateSync('still works')).map(str), ['still works']);
  const [best] = createPostprocessors([{ name: 'zlib', config: { level: 9 } }]);
  const [packed] = best.process(Buffer.from('x'));
  t.equal(packed[1], 0xda, 'best compression header');
  t.equal(inflateSync(packed).toString(), 'x');
  t.throws(() => createPostprocessors([{ name: 'zlib', config: { level: 10 } }]), /Invalid configuration for the zlib postprocessor: `level` must be at most 9, not 10/);
  t.throws(() => createPostprocessors([{ name: 'zlib', config: { level: '9' } }]), /Invalid configuration for the zlib postprocessor: `level` must be an integer, not "9"/);
  t.throws(() => createPreprocessors([{ name: 'zlib', config: { level: 1 } }]), /Unknown configuration key `level` for the zlib preprocessor/);
  t.end();
});
