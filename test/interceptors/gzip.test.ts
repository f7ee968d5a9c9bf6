import t from 'tap';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createPostprocessors, createPreprocessors } from '../../src/interceptors/index.js';

t.test('the postprocessor gzips each chunk, the preprocessor gunzips it', (t) => {
  const [gz] = createPostprocessors([{ name: 'gzip', config: null }]);
  const [gunz] = createPreprocessors([{ name: 'gzip', config: null }]);
  const [packed] = gz.process(Buffer.from('{"snot":"badger"}\n'));
  t.equal(gunzipSync(packed).toString(), '{"snot":"badger"}\n', 'real gzip');
  t.same(
    gunz.process(gzipSync('hello')).map((c) => Buffer.from(c).toString()),
    ['hello'],
  );
  t.same(
    gunz.process(packed).map((c) => Buffer.from(c).toString()),
    ['{"snot":"badger"}\n'],
  );
  t.same([gz.finish(), gunz.finish()], [[], []]);
  t.end();
});

t.test('bad input and bad config are errors', (t) => {
  const [gunz] = createPreprocessors([{ name: 'gzip', config: null }]);
  t.throws(() => gunz.process(Buffer.from('not gzip')), /gzip: cannot decompress 8 bytes/);
  t.same(
    gunz.process(gzipSync('still works')).map((c) => Buffer.from(c).toString()),
    ['still works'],
  );
  const [fast] = createPostprocessors([{ name: 'gzip', config: { level: 1 } }]);
  t.equal(gunzipSync(fast.process(Buffer.from('x'))[0]).toString(), 'x');
  t.throws(() => createPostprocessors([{ name: 'gzip', config: { level: 12 } }]), /Invalid configuration for the gzip postprocessor: `level` must be at most 9, not 12/);
  t.throws(() => createPreprocessors([{ name: 'gzip', config: { level: 1 } }]), /Unknown configuration key `level` for the gzip preprocessor/);
  t.end();
});
