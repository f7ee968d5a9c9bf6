/**
 * tremor::chash (reference §8.12). `jump` is Google's jump consistent hash as implemented by
 * the Rust `jumphash` crate that Tremor uses: the key is hashed with SipHash-1-3 keyed by
 * (k1, k2), fed the way Rust's `Hash for str` feeds a hasher (the UTF-8 bytes followed by a
 * 0xff terminator), and the 64-bit hash then picks the slot. The conformance case
 * scripts/jump and the crate's own test vectors pin these details down.
 */
import { stringifySorted } from '../runtime/json.js';
import { isInt, stringBytes, toBig, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

const M64 = (1n << 64n) - 1n;

function rotl(x: bigint, b: bigint): bigint {
  return ((x << b) | (x >> (64n - b))) & M64;
}

/** SipHash-1-3 (one compression round, three finalisation rounds) of `bytes` */
export function sipHash13(k0: bigint, k1: bigint, bytes: Uint8Array): bigint {
  let v0 = k0 ^ 0x736f6d6570736575n;
  let v1 = k1 ^ 0x646f72616e646f6dn;
  let v2 = k0 ^ 0x6c7967656e657261n;
  let v3 = k1 ^ 0x7465646279746573n;
  const round = () => {
    v0 = (v0 + v1) & M64;
    v1 = rotl(v1, 13n) ^ v0;
    v0 = rotl(v0, 32n);
    v2 = (v2 + v3) & M64;
    v3 = rotl(v3, 16n) ^ v2;
    v0 = (v0 + v3) & M64;
    v3 = rotl(v3, 21n) ^ v0;
    v2 = (v2 + v1) & M64;
    v1 = rotl(v1, 17n) ^ v2;
    v2 = rotl(v2, 32n);
  };
  const n = bytes.length;
  const whole = n - (n % 8);
  for (let i = 0; i <= whole; i += 8) {
    // the last word holds the remaining bytes and the length in its top byte
    let m = i === whole ? BigInt(n & 0xff) << 56n : 0n;
    const end = Math.min(i + 8, n);
    for (let j = end - 1; j >= i; j--) m |= BigInt(bytes[j]) << BigInt(8 * (j - i));
    v3 ^= m;
    round();
    v0 ^= m;
  }
  v2 ^= 0xffn;
  round();
  round();
  round();
  return (v0 ^ v1 ^ v2 ^ v3) & M64;
}

/** the jump consistent hash of a 64-bit key into [0, slots) */
export function jumpSlot(hash: bigint, slots: number): number {
  let h = hash;
  let b = -1;
  let j = 0;
  while (j < slots) {
    b = j;
    h = (h * 2862933555777941757n + 1n) & M64;
    j = Math.trunc((b + 1) * (2147483648 / Number((h >> 33n) + 1n)));
  }
  return b;
}

function slot(f: string, arity: number, k0: bigint, k1: bigint, key: Value, slots: Value): Value {
  if (typeof key !== 'string' || !isInt(slots)) return badType(f, arity);
  // Rust casts the count to u32 and asserts it is positive; out-of-range counts are errors here
  if (toBig(slots) < 1n || toBig(slots) > 0xffffffffn) return fnError(f, arity, 'the slot count must be between 1 and 4294967295');
  const bytes = stringBytes(key);
  const fed = new Uint8Array(bytes.length + 1);
  fed.set(bytes);
  fed[bytes.length] = 0xff;
  return jumpSlot(sipHash13(k0, k1, fed), Number(slots));
}

// "tremor\0\0" and "\0\0tremor" read as integers: Tremor's fixed keys
const K1 = 8_390_880_576_440_238_080n;
const K2 = 128_034_676_764_530n;

export const chash: StdModule = module([
  fn('chash::jump', (key: Value, slots: Value) => slot('chash::jump', 2, K1, K2, key, slots)),
  fn('chash::jump_with_keys', (k1: Value, k2: Value, key: Value, slots: Value) => {
    if (!isInt(k1) || !isInt(k2)) return badType('chash::jump_with_keys', 4);
    // `as u64`: negative keys wrap
    return slot('chash::jump_with_keys', 4, BigInt.asUintN(64, toBig(k1)), BigInt.asUintN(64, toBig(k2)), key, slots);
  }),
  fn('chash::sorted_serialize', (v: Value) => stringifySorted(v)),
]);
