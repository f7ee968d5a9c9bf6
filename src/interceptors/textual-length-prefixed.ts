/**
 * `textual-length-prefixed` (Tremor 0.12: `textual-length-prefix`; reference §4.3, §4.4):
 * the octet-counting framing of RFC 5425 (syslog over TLS/TCP), `<length> <payload>`, where
 * the length is the payload's byte count in ASCII decimal. The postprocessor prepends
 * `"<length> "`; the preprocessor reads frames from a byte stream however the transport splits
 * or joins them.
 *
 * As in Tremor the separator may be any ASCII whitespace and the length is at most u32::MAX.
 * A bad length (not 1–10 digits) is an error: the stream has lost sync, so what is buffered is
 * dropped, and frames before it in the same chunk are still emitted. A stream that ends inside
 * a frame is an error from `finish` (Tremor drops those bytes silently, and gets stuck for good
 * on a bad length).
 *
 * Config: none. `preprocessors = ["textual-length-prefixed"]`, `postprocessors = ["textual-length-prefixed"]`
 */
import { schema } from '../runtime/schema.js';
import { FrameReader, type FrameHeader } from './frame-reader.js';
import { chunkTransform, postprocessor, preprocessor } from './interceptor.js';

/** u32::MAX, 4294967295, has 10 digits */
const MAX_DIGITS = 10;

/** Rust's `u8::is_ascii_whitespace`: space, \t, \n, \f, \r */
const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d;

const DECIMAL_HEADER: FrameHeader = {
  name: 'textual-length-prefixed',
  read(queue) {
    const head = queue.peek(MAX_DIGITS + 1);
    const space = head.findIndex(isSpace);
    if (space < 0 && head.length <= MAX_DIGITS) return undefined; // the header is still arriving
    const digits = head.subarray(0, Math.max(space, 0)).toString('latin1');
    if (space < 0 || !/^[0-9]+$/.test(digits) || Number(digits) > 0xffffffff) {
      throw new Error(`expected a decimal length and a space, found ${JSON.stringify(head.toString('latin1'))}; the buffered input is dropped`);
    }
    queue.take(space + 1);
    return Number(digits);
  },
  unfinished: (held) => `a length prefix (${held} bytes)`,
};

const post = (chunk: Uint8Array): Buffer => Buffer.concat([Buffer.from(`${chunk.length} `, 'latin1'), chunk]);

export const textualLengthPrefixedPre = preprocessor('textual-length-prefixed', schema({}), () => new FrameReader(DECIMAL_HEADER));
export const textualLengthPrefixedPost = postprocessor('textual-length-prefixed', schema({}), () => chunkTransform(post));
/** the 0.12 names */
export const textualLengthPrefixPre = preprocessor('textual-length-prefix', schema({}), () => new FrameReader(DECIMAL_HEADER));
export const textualLengthPrefixPost = postprocessor('textual-length-prefix', schema({}), () => chunkTransform(post));
