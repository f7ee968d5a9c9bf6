import t from 'tap';
import { createPreprocessors } from '../../src/interceptors/index.js';

t.test('drops empty chunks, passes the others', (t) => {
  const [sep, rm] = createPreprocessors([
    { name: 'separate', config: null },
    { name: 'remove-empty', config: null },
  ]);
  const lines = sep.process(Buffer.from('a\n\n\nb\n')).flatMap((c) => rm.process(c));
  t.same(
    lines.map((c) => Buffer.from(c).toString()),
    ['a', 'b'],
  );
  t.same(rm.finish(), []);
  t.throws(() => createPreprocessors([{ name: 'remove-empty', config: { x: 1 } }]), /Unknown configuration key `x` for the remove-empty preprocessor/);
  t.end();
});
