import t from 'tap';
import { range } from '../../src/std/range.js';
import { U64_MAX, type Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => range.fns[name].impl(...args);

t.test('range is end-exclusive', (t) => {
  t.same(call('range', 0, 3), [0, 1, 2]);
  t.same(call('range', -1, 3), [-1, 0, 1, 2]);
  t.same(call('range', 3, 3), []);
  t.same(call('range', 5, 1), []);
  t.same(call('range', U64_MAX - 1n, U64_MAX), [U64_MAX - 1n]);
  t.same(call('range', 9007199254740990, 9007199254740993n), [9007199254740990, 9007199254740991, 9007199254740992n]);
  t.throws(() => call('range', 0, 1e9), { code: 'R010', message: /too large/ });
  t.throws(() => call('range', 0, 2n ** 62n), { code: 'R010', message: /too large/ });
  t.throws(() => call('range', 0, 1.5), { code: 'T004', message: 'Bad type passed to function range::range/2' });
  t.end();
});

t.test('contains checks the bounds', (t) => {
  t.equal(call('contains', [0, 1, 2], 2), true);
  t.equal(call('contains', [0, 1, 2], 1.5), true);
  t.equal(call('contains', [0, 1, 2], 3), false);
  t.equal(call('contains', [], 0), false);
  t.throws(() => call('contains', 'a', 1), { code: 'T004', message: 'Bad type passed to function range::contains/2' });
  t.throws(() => call('contains', [0, 1], 'a'), { code: 'T004' });
  t.end();
});
