import t from 'tap';
import { base64 } from '../../src/std/base64.js';
import type { Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => base64.fns[name].impl(...args);

t.test('encode takes strings and binaries', (t) => {
  t.equal(call('encode', '🌊 snot badger'), '8J+MiiBzbm90IGJhZGdlcg==');
  t.equal(call('encode', new Uint8Array([0, 255])), 'AP8=');
  t.equal(call('encode', ''), '');
  t.throws(() => call('encode', 1), { code: 'T004', message: 'Bad type passed to function base64::encode/1' });
  t.end();
});

t.test('decode returns a binary and rejects malformed input', (t) => {
  t.same(call('decode', '8J+MiiBzbm90IGJhZGdlcg=='), new Uint8Array(Buffer.from('🌊 snot badger')));
  t.same(call('decode', 'AP8='), new Uint8Array([0, 255]));
  t.same(call('decode', 'AP8'), new Uint8Array([0, 255]), 'missing padding is tolerated');
  t.throws(() => call('decode', 'A'), { code: 'R010', message: /^Runtime error in function base64::decode\/1: Invalid base64/ });
  t.throws(() => call('decode', 'no spaces!'), { code: 'R010' });
  t.throws(() => call('decode', 1), { code: 'T004', message: 'Bad type passed to function base64::decode/1' });
  t.end();
});
