import t from 'tap';
import { json } from '../../src/std/json.js';
import { FloatBox, type Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => json.fns[name].impl(...args);

t.test('decode is lossless', (t) => {
  t.same(call('decode', '["this","is","a","cake"]'), ['this', 'is', 'a', 'cake']);
  t.same(call('decode', '{"a": 1.0, "b": 18446744073709551615}'), { a: new FloatBox(1), b: 18446744073709551615n });
  t.throws(() => call('decode', '{"a":'), { code: 'R010', message: /^Runtime error in function json::decode\/1: unexpected end of input/ });
  t.throws(() => call('decode', 1), { code: 'T004', message: 'Bad type passed to function json::decode/1' });
  t.end();
});

t.test('encode and encode_pretty', (t) => {
  t.equal(call('encode', ['this', 'is', 'a', 'cake']), '["this","is","a","cake"]');
  t.equal(call('encode', { a: new FloatBox(1), b: new FloatBox(1e16) }), '{"a":1.0,"b":1e16}');
  t.equal(call('encode_pretty', ['this', 'is']), '[\n  "this",\n  "is"\n]');
  t.equal(call('encode_pretty', { a: [] }), '{\n  "a": []\n}');
  t.end();
});
