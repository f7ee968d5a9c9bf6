import t from 'tap';
import { record } from '../../src/std/record.js';
import { setKey, type Rec, type Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => record.fns[name].impl(...args);
const badType = (f: string, n: number) => ({ code: 'T004', message: `Bad type passed to function record::${f}/${n}` });

t.test('len, is_empty, contains', (t) => {
  t.equal(call('len', { this: 'is', a: 'test' }), 2);
  t.equal(call('is_empty', {}), true);
  t.equal(call('is_empty', { a: 1 }), false);
  t.equal(call('contains', { this: 'is' }, 'this'), true);
  t.equal(call('contains', { this: 'is' }, 'constructor'), false, 'inherited names are not keys');
  t.throws(() => call('len', []), badType('len', 1));
  t.throws(() => call('is_empty', 'a'), badType('is_empty', 1));
  t.throws(() => call('contains', { a: 1 }, 1), badType('contains', 2));
  t.end();
});

t.test('keys, values, to_array, from_array', (t) => {
  t.same(call('keys', { a: 1, b: 2 }), ['a', 'b']);
  t.same(call('values', { a: 1, b: 2 }), [1, 2]);
  t.same(call('to_array', { a: 1, b: 2 }), [
    ['a', 1],
    ['b', 2],
  ]);
  t.same(
    call('from_array', [
      ['snot', 'badger'],
      ['a', 1],
    ]),
    { snot: 'badger', a: 1 },
  );
  const proto = call('from_array', [['__proto__', 1]]) as Rec;
  t.same(Object.keys(proto), ['__proto__'], '__proto__ is an ordinary key');
  t.equal(Object.getPrototypeOf(proto), Object.prototype);
  t.throws(() => call('keys', 1), badType('keys', 1));
  t.throws(() => call('values', 1), badType('values', 1));
  t.throws(() => call('to_array', 1), badType('to_array', 1));
  t.throws(() => call('from_array', 1), badType('from_array', 1));
  t.throws(() => call('from_array', [[1, 2]]), { code: 'R010', message: /first element of the tuple needs to be a string/ });
  t.throws(() => call('from_array', [['a']]), { code: 'R010', message: /contained 1 elements/ });
  t.throws(() => call('from_array', ['a']), { code: 'R010', message: /contained: "a"/ });
  t.end();
});

t.test('extract, combine, rename', (t) => {
  t.same(call('extract', { a: 1, b: 2, c: 3 }, ['a', 'c', 7]), { a: 1, c: 3 });
  t.same(call('combine', { a: 1, b: 2 }, { b: 3, c: 4 }), { a: 1, b: 3, c: 4 });
  t.same(call('rename', { a: 1, b: 2, c: 4 }, { a: 'A', b: 'B', c: 5 }), { A: 1, B: 2, c: 4 });
  const r: Rec = {};
  setKey(r, 'x', 1);
  t.same(
    call('rename', r, { x: '__proto__' }),
    (() => {
      const o: Rec = {};
      setKey(o, '__proto__', 1);
      return o;
    })(),
  );
  t.throws(() => call('extract', { a: 1 }, 'a'), badType('extract', 2));
  t.throws(() => call('extract', 1, ['a']), badType('extract', 2));
  t.throws(() => call('combine', { a: 1 }, 1), badType('combine', 2));
  t.throws(() => call('rename', { a: 1 }, []), badType('rename', 2));
  t.end();
});
