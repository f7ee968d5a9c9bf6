import t from 'tap';
import { float } from '../../src/std/float.js';
import { FloatBox, type Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => float.fns[name].impl(...args);

t.test('parse follows Rust f64 parsing', (t) => {
  t.equal(call('parse', '42.314'), 42.314);
  t.same(call('parse', '1'), new FloatBox(1), 'always a float');
  t.same(call('parse', '1e5'), new FloatBox(100000));
  t.equal(call('parse', '.5'), 0.5);
  t.same(call('parse', '5.'), new FloatBox(5));
  t.equal(call('parse', '-inf'), -Infinity);
  t.equal(call('parse', 'Infinity'), Infinity);
  t.ok(Number.isNaN(call('parse', 'NaN')));
  t.throws(() => call('parse', ''), { code: 'R010', message: 'Runtime error in function float::parse/1: cannot parse float from empty string' });
  t.throws(() => call('parse', ' 1'), { code: 'R010', message: 'Runtime error in function float::parse/1: invalid float literal' });
  t.throws(() => call('parse', '0x10'), { code: 'R010' });
  t.throws(() => call('parse', 1), { code: 'T004', message: 'Bad type passed to function float::parse/1' });
  t.end();
});

t.test('is_finite, is_nan, is_infinite', (t) => {
  t.equal(call('is_finite', NaN), false);
  t.equal(call('is_finite', Infinity), false);
  t.equal(call('is_finite', 7), true);
  t.equal(call('is_finite', 4.2), true);
  t.equal(call('is_nan', NaN), true);
  t.equal(call('is_nan', 7), false);
  t.equal(call('is_infinite', -Infinity), true);
  t.equal(call('is_infinite', 18446744073709551615n), false);
  for (const f of ['is_finite', 'is_nan', 'is_infinite']) {
    t.throws(() => call(f, 'a'), { code: 'T004', message: `Bad type passed to function float::${f}/1` });
  }
  t.end();
});
