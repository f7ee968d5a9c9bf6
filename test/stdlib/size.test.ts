import t from 'tap';
import { size } from '../../src/std/size.js';
import { FloatBox, type Value } from '../../src/runtime/value.js';

const call = (name: string, n: Value) => size.fns[name].impl(n);

t.test('units (corpus scripts/size_functions)', (t) => {
  t.equal(call('kiB', 1), 1024);
  t.equal(call('MiB', 1), 1048576);
  t.equal(call('GiB', 1), 1073741824);
  t.equal(call('TiB', 1), 1099511627776);
  t.equal(call('PiB', 1), 1125899906842624);
  t.equal(call('EiB', 1), 1152921504606846976n);
  t.equal(call('EiB', 7), 8070450532247928832n);
  t.same(call('kiB', 1.5), new FloatBox(1536), 'floats stay floats');
  t.same(call('EiB', 1.5), new FloatBox(1.5 * 2 ** 60));
  t.end();
});

t.test('errors', (t) => {
  t.throws(() => call('EiB', 16), { code: 'T005' }, 'beyond u64 is an overflow');
  t.throws(() => call('kiB', 'a'), { code: 'T004', message: 'Bad type passed to function size::kiB/1' });
  t.end();
});
