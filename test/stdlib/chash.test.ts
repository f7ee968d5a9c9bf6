import t from 'tap';
import { chash, jumpSlot, sipHash13 } from '../../src/std/chash.js';
import { FloatBox, type Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => chash.fns[name].impl(...args);
const hosts = ['host1', 'host2', 'host3', 'host4', 'host5'];

t.test('jump matches the corpus (scripts/jump)', (t) => {
  const pick = (k: string) => hosts[call('jump', k, hosts.length) as number];
  t.same(['key1', 'key1', 'key2', 'key3', 'key4'].map(pick), ['host1', 'host1', 'host2', 'host2', 'host4']);
  const pickK = (k: string) => hosts[call('jump_with_keys', 23, 42, k, hosts.length) as number];
  t.same(['key1', 'key1', 'key2', 'key3', 'key4'].map(pickK), ['host4', 'host4', 'host2', 'host3', 'host1']);
  t.end();
});

t.test('the jumphash crate test vectors', (t) => {
  const slot = (key: string, n: number) => call('jump_with_keys', 0, 0, key, n);
  t.equal(slot('test1', 10000000), 8970050);
  t.equal(slot('test2', 1000), 10);
  t.equal(slot('test3', 1000), 76);
  t.equal(slot('test4', 1000), 161);
  t.equal(slot('test5', 50), 33);
  t.equal(slot('', 1000), 392);
  t.equal(slot('testz', 1), 0);
  t.equal(call('jump_with_keys', -1, -1, 'a', 10), call('jump_with_keys', 18446744073709551615n, 18446744073709551615n, 'a', 10), 'keys wrap like `as u64`');
  t.end();
});

t.test('SipHash-1-3 and jump building blocks', (t) => {
  // 15 bytes: one full word plus a partial final word
  const k0 = 0x0706050403020100n;
  const k1 = 0x0f0e0d0c0b0a0908n;
  const h = sipHash13(k0, k1, new Uint8Array([...Array(15).keys()]));
  t.equal(typeof h, 'bigint');
  t.ok(h >= 0n && h < 2n ** 64n);
  t.not(sipHash13(k0, k1, new Uint8Array(8)), sipHash13(k0, k1, new Uint8Array(9)), 'the length is hashed');
  t.equal(jumpSlot(0n, 1), 0);
  for (let n = 1; n < 20; n++) t.ok(jumpSlot(BigInt(n) * 7919n, n) < n);
  t.end();
});

t.test('errors', (t) => {
  t.throws(() => call('jump', 1, 5), { code: 'T004', message: 'Bad type passed to function chash::jump/2' });
  t.throws(() => call('jump', 'a', new FloatBox(5)), { code: 'T004', message: 'Bad type passed to function chash::jump/2' });
  t.throws(() => call('jump', 'a', 0), { code: 'R010', message: /slot count/ });
  t.throws(() => call('jump_with_keys', 'a', 1, 'k', 5), { code: 'T004', message: 'Bad type passed to function chash::jump_with_keys/4' });
  t.throws(() => call('jump_with_keys', 1, 1, 'k', 2 ** 40), { code: 'R010' });
  t.end();
});

t.test('sorted_serialize', (t) => {
  t.equal(call('sorted_serialize', { 1: [2, 1], 0: { 5: 0, 3: 4 } }), '{"0":{"3":4,"5":0},"1":[2,1]}');
  t.equal(call('sorted_serialize', { b: new FloatBox(1), a: 'x' }), '{"a":"x","b":1.0}');
  t.equal(call('sorted_serialize', null), 'null');
  t.end();
});
