import t from 'tap';
import { createPostprocessors, createPreprocessors, postprocessorType, preprocessorType } from '../../src/interceptors/index.js';

t.test('pre- and postprocessors are separate registries', (t) => {
  t.ok(preprocessorType('remove-empty'));
  t.notOk(postprocessorType('remove-empty'), 'remove-empty only exists on the way in');
  t.not(preprocessorType('separate'), postprocessorType('separate'), 'separate splits in and joins out');
  t.same(createPreprocessors([]), []);
  t.end();
});

t.test('unknown names list the known ones', (t) => {
  t.throws(
    () =>
      createPreprocessors([
        { name: 'separate', config: null },
        { name: 'lines', config: null },
      ]),
    /Unknown preprocessor `lines`; known preprocessors are separate, remove-empty, gzip/,
  );
  t.throws(() => createPostprocessors([{ name: 'remove-empty', config: null }]), /Unknown postprocessor `remove-empty`; known postprocessors are separate, gzip/);
  t.end();
});
