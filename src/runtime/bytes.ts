/**
 * Binary literals, Erlang bit syntax (reference §5.3): `<< value:bits/type, … >>`. Parts are
 * packed most significant bit first; a trailing partial byte is right-aligned.
 */
import { fault } from './fault.js';
import { isInt, stringBytes, toBig, typeName, type Value } from './value.js';

/** parts: value, bits (0 = default), type name; repeated */
export function bytes(parts: Value[], site: number): Uint8Array {
  let acc = 0n;
  let nbits = 0;
  const out: number[] = [];
  const pushBits = (v: bigint, n: number) => {
    acc = (acc << BigInt(n)) | v;
    nbits += n;
    while (nbits >= 8) {
      nbits -= 8;
      out.push(Number((acc >> BigInt(nbits)) & 0xffn));
    }
    acc &= (1n << BigInt(nbits)) - 1n;
  };
  for (let i = 0; i < parts.length; i += 3) {
    const value = parts[i];
    const bits = parts[i + 1] as number;
    const type = parts[i + 2] as string;
    if (type === 'binary') {
      let b: Uint8Array;
      if (value instanceof Uint8Array) b = value;
      else if (typeof value === 'string') b = stringBytes(value);
      else return fault('T008', `Conflicting types, got ${typeName(value)} but expected binary`, site);
      const take = bits > 0 ? bits : b.length;
      if (take > b.length) fault('T008', `Not enough bytes: needed ${take} but the binary has ${b.length}`, site);
      for (let j = 0; j < take; j++) pushBits(BigInt(b[j]), 8);
      continue;
    }
    if (!isInt(value)) return fault('T008', `Conflicting types, got ${typeName(value)} but expected integer`, site);
    const n = bits > 0 ? bits : 8;
    let v = toBig(value);
    const signed = type.startsWith('signed');
    if (!signed && v < 0n) fault('T008', `Unsigned binary part with a negative value: ${v}`, site);
    v = BigInt.asUintN(n, v);
    if (type.endsWith('little') && n % 8 === 0) {
      let swapped = 0n;
      for (let j = 0; j < n / 8; j++) swapped = (swapped << 8n) | ((v >> BigInt(8 * j)) & 0xffn);
      v = swapped;
    }
    pushBits(v, n);
  }
  if (nbits > 0) out.push(Number(acc));
  return Uint8Array.from(out);
}
