import t from 'tap';
import { math } from '../../src/std/math.js';
import { FloatBox, I64_MIN, U64_MAX, type Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => math.fns[name].impl(...args);
const badType = (f: string, n: number) => ({ code: 'T004', message: `Bad type passed to function math::${f}/${n}` });

t.test('floor, ceil, trunc return integers', (t) => {
  t.equal(call('floor', 42), 42);
  t.equal(call('floor', 42.9), 42);
  t.equal(call('floor', -1.5), -2);
  t.equal(call('ceil', 41.1), 42);
  t.equal(call('ceil', -0.5), 0);
  t.ok(Object.is(call('ceil', -0.5), 0), 'no negative zero');
  t.equal(call('trunc', -42.9), -42);
  t.equal(call('trunc', new FloatBox(7)), 7);
  t.equal(call('floor', 18446744073709551615n), 18446744073709551615n, 'integers unchanged');
  for (const f of ['floor', 'ceil', 'trunc']) t.throws(() => call(f, 'a'), badType(f, 1));
  t.end();
});

t.test('round: half away from zero, saturating like Rust `as`', (t) => {
  t.equal(call('round', 41.4), 41);
  t.equal(call('round', 41.5), 42);
  t.equal(call('round', -2.5), -3);
  t.equal(call('round', 0.49999999999999994), 0);
  t.equal(call('round', new FloatBox(1536)), 1536);
  t.equal(call('round', new FloatBox(1e300)), U64_MAX);
  t.equal(call('round', new FloatBox(-1e300)), I64_MIN);
  t.equal(call('round', NaN), 0);
  t.equal(call('round', new FloatBox(2 ** 60)), 2n ** 60n);
  t.throws(() => call('round', null), badType('round', 1));
  t.end();
});

t.test('max and min', (t) => {
  t.equal(call('max', 1, 2), 2);
  t.equal(call('max', -1, -2), -1);
  t.equal(call('min', 42, 43), 42);
  t.same(call('max', 41.5, 42), new FloatBox(42), 'mixed gives a float');
  t.same(call('min', 42, 42.5), new FloatBox(42));
  t.equal(call('max', 1.5, 0.5), 1.5);
  t.equal(call('max', U64_MAX, 1), U64_MAX);
  t.same(call('max', U64_MAX, -1), new FloatBox(2 ** 64), 'no common integer view: float');
  t.throws(() => call('max', 'snot', 7), badType('max', 2));
  t.throws(() => call('min', 7, null), badType('min', 2));
  t.end();
});
