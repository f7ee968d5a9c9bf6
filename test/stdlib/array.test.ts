import t from 'tap';
import { array, rustFloatDisplay } from '../../src/std/array.js';
import { FloatBox, type Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => array.fns[name].impl(...args);
const badType = (f: string, n: number) => ({ code: 'T004', message: `Bad type passed to function array::${f}/${n}` });

t.test('len, is_empty', (t) => {
  t.equal(call('len', ['this', 'is', 'a', 'test']), 4);
  t.equal(call('len', []), 0);
  t.equal(call('is_empty', []), true);
  t.equal(call('is_empty', [null]), false);
  t.throws(() => call('len', 'abc'), badType('len', 1));
  t.throws(() => call('is_empty', {}), badType('is_empty', 1));
  t.end();
});

t.test('contains uses strict equality', (t) => {
  t.equal(call('contains', ['this', 'is'], 'is'), true);
  t.equal(call('contains', [1, 2], new FloatBox(1)), false);
  t.equal(call('contains', [[1, { a: 2 }]], [1, { a: 2 }]), true);
  t.throws(() => call('contains', 'is', 'i'), badType('contains', 2));
  t.end();
});

t.test('push and concatenate return new arrays', (t) => {
  const a: Value[] = [1];
  t.same(call('push', a, 'snot'), [1, 'snot']);
  t.same(a, [1], 'argument untouched');
  t.same(call('concatenate', [1], [2, 3]), [1, 2, 3]);
  t.throws(() => call('push', 1, 2), badType('push', 2));
  t.throws(() => call('concatenate', [1], 2), badType('concatenate', 2));
  t.end();
});

t.test('zip and unzip', (t) => {
  t.same(call('zip', [1, 2], ['a', 'b']), [
    [1, 'a'],
    [2, 'b'],
  ]);
  t.throws(() => call('zip', [1], []), {
    code: 'R010',
    message: 'Runtime error in function array::zip/2: Zipping two arrays requires them to have the same length, but the first array provided has 1 elements while the second one has 0 elements',
  });
  t.throws(() => call('zip', [1], 'a'), badType('zip', 2));
  t.same(
    call('unzip', [
      [1, 'a'],
      [2, 'b'],
    ]),
    [
      [1, 2],
      ['a', 'b'],
    ],
  );
  t.same(call('unzip', []), [[], []]);
  t.throws(() => call('unzip', [[1, 2, 3]]), { code: 'R010', message: /contained 3 elements/ });
  t.throws(() => call('unzip', [1]), { code: 'R010', message: /contained: 1/ });
  t.throws(() => call('unzip', 1), badType('unzip', 1));
  t.end();
});

t.test('flatten and coalesce', (t) => {
  t.same(call('flatten', [[1, [2, [3]]], 'a', []]), [1, 2, 3, 'a']);
  t.same(call('coalesce', [1, null, 2, null]), [1, 2]);
  t.throws(() => call('flatten', 1), badType('flatten', 1));
  t.throws(() => call('coalesce', null), badType('coalesce', 1));
  t.end();
});

t.test('join prints Rust display forms', (t) => {
  t.equal(call('join', ['this', 'is', 'a', 'cake'], ' '), 'this is a cake');
  t.equal(call('join', [1, new FloatBox(1), 1.5, true, null, [1], 18446744073709551615n], ','), '1,1,1.5,true,null,[1],18446744073709551615');
  t.equal(rustFloatDisplay(1e-7), '0.0000001');
  t.equal(rustFloatDisplay(1e21), '1000000000000000000000');
  t.equal(rustFloatDisplay(NaN), 'NaN');
  t.equal(rustFloatDisplay(-Infinity), '-inf');
  t.throws(() => call('join', ['a'], 1), badType('join', 2));
  t.throws(() => call('join', 'a', ','), badType('join', 2));
  t.end();
});

t.test('sort uses the total order; reverse', (t) => {
  t.same(call('sort', [null, true, 2, 1.5, 'b', 'a', [1], { a: 1 }]), [{ a: 1 }, [1], 'a', 'b', 1.5, 2, true, null]);
  const a: Value[] = [3, 1, 2];
  t.same(call('sort', a), [1, 2, 3]);
  t.same(a, [3, 1, 2], 'argument untouched');
  t.same(call('reverse', [1, 2, 3]), [3, 2, 1]);
  t.throws(() => call('sort', 'a'), badType('sort', 1));
  t.throws(() => call('reverse', 'a'), badType('reverse', 1));
  t.end();
});
