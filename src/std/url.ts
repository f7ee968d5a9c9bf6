/**
 * std::url (reference §8.7): Rust's `percent_encoding` with the NON_ALPHANUMERIC set, so
 * every byte except ASCII letters and digits is escaped (`encodeURIComponent` leaves
 * `-_.!~*'()` alone). Decoding leaves malformed `%` sequences as they are and fails only
 * when the bytes are not UTF-8; `+` is not a space.
 */
import { stringBytes, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

const HEX = '0123456789ABCDEF';

function isAlnum(b: number): boolean {
  return (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122);
}

function encode(v: Value): Value {
  if (typeof v !== 'string') return badType('url::encode', 1);
  let out = '';
  for (const b of stringBytes(v)) out += isAlnum(b) ? String.fromCharCode(b) : '%' + HEX[b >> 4] + HEX[b & 15];
  return out;
}

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decode(v: Value): Value {
  const f = 'url::decode';
  if (typeof v !== 'string') return badType(f, 1);
  const src = stringBytes(v);
  const out = new Uint8Array(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    const hi = src[i] === 37 && i + 2 < src.length ? hexVal(src[i + 1]) : -1;
    const lo = hi >= 0 ? hexVal(src[i + 2]) : -1;
    if (lo >= 0) {
      out[n++] = (hi << 4) | lo;
      i += 2;
    } else {
      out[n++] = src[i];
    }
  }
  try {
    return strictUtf8.decode(out.subarray(0, n));
  } catch {
    return fnError(f, 1, `Could not urldecode value: ${v}`);
  }
}

export const url: StdModule = module([fn('url::encode', encode), fn('url::decode', decode)]);
