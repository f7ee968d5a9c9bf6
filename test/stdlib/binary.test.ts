import t from 'tap';
import { binary } from '../../src/std/binary.js';
import type { Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => binary.fns[name].impl(...args);
const badType = (f: string) => ({ code: 'T004', message: `Bad type passed to function binary::${f}/1` });

t.test('len, from_bytes, into_bytes', (t) => {
  t.equal(call('len', new Uint8Array([1, 2, 3])), 3);
  t.same(call('from_bytes', [0, 17, 255]), new Uint8Array([0, 17, 255]));
  t.same(call('into_bytes', new Uint8Array([4, 210])), [4, 210]);
  t.throws(() => call('len', 'abc'), badType('len'));
  t.throws(() => call('into_bytes', [1]), badType('into_bytes'));
  t.throws(() => call('from_bytes', [256]), badType('from_bytes'));
  t.throws(() => call('from_bytes', [-1]), badType('from_bytes'));
  t.throws(() => call('from_bytes', [1.5]), badType('from_bytes'));
  t.throws(() => call('from_bytes', 'a'), badType('from_bytes'));
  t.end();
});
