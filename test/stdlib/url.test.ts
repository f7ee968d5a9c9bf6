import t from 'tap';
import { url } from '../../src/std/url.js';
import type { Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => url.fns[name].impl(...args);

t.test('encode escapes every non-alphanumeric byte', (t) => {
  t.equal(call('encode', 'snot badger'), 'snot%20badger');
  t.equal(call('encode', "a-b_c.d!~*'()é"), 'a%2Db%5Fc%2Ed%21%7E%2A%27%28%29%C3%A9');
  t.throws(() => call('encode', 1), { code: 'T004', message: 'Bad type passed to function url::encode/1' });
  t.end();
});

t.test('decode', (t) => {
  t.equal(call('decode', '%22snot%20badger%22'), '"snot badger"');
  t.equal(call('decode', '%C3%a9+x'), 'é+x', 'plus is not a space; hex is case-insensitive');
  t.equal(call('decode', '100%'), '100%', 'malformed escapes stay');
  t.equal(call('decode', '%zz%4'), '%zz%4');
  t.throws(() => call('decode', '%FF'), { code: 'R010', message: 'Runtime error in function url::decode/1: Could not urldecode value: %FF' });
  t.throws(() => call('decode', null), { code: 'T004', message: 'Bad type passed to function url::decode/1' });
  t.end();
});
