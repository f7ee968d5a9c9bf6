/**
 * Byte helpers shared by codecs, interceptors and connector framing. Buffers are used as
 * zero-copy views because Buffer's indexOf/toString/isUtf8 are much faster than hand-written
 * loops over a Uint8Array.
 */
import { isUtf8 } from 'node:buffer';
import { stringify } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import type { Codec } from './codec.js';

/** a Buffer over the same memory (no copy) */
export function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

const REPLACEMENT = '\ufffd';

/** the chunk as text; invalid UTF-8 is an error headed by `what` ("Invalid JSON") */
export function utf8(chunk: Uint8Array, what: string): string {
  const buf = toBuffer(chunk);
  const text = buf.toString('utf8');
  // decoding replaces invalid bytes with U+FFFD: only a text holding one needs the check (an
  // ASCII text is stored one byte per character, where the search ends at once)
  if (text.includes(REPLACEMENT) && !isUtf8(buf)) throw new Error(`${what}: the input is not valid UTF-8`);
  return text;
}

/** a string as its UTF-8 bytes, any other value as its JSON text */
export function textBytes(value: Value): Uint8Array {
  return Buffer.from(typeof value === 'string' ? value : stringify(value), 'utf8');
}

/** the chunk behind an 8-byte big-endian unsigned integer (a length, a timestamp) */
export function u64Prefixed(n: bigint, chunk: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(chunk.length + 8);
  out.writeBigUInt64BE(n, 0);
  out.set(chunk, 8);
  return out;
}

/**
 * A codec over one UTF-8 text per chunk: `decode` gets the chunk's text (invalid UTF-8 is an
 * error headed by `what`), `encode` returns the text to write.
 */
export function textCodec(what: string, decode: (text: string) => Value | undefined, encode: (value: Value) => string): Codec {
  return {
    decode: (chunk) => decode(utf8(chunk, what)),
    encode: (value) => Buffer.from(encode(value), 'utf8'),
  };
}
