/**
 * `base64` (reference §4.3, §4.4): the preprocessor decodes each chunk from standard base64
 * (RFC 4648 alphabet with `=` padding), the postprocessor encodes each chunk to it.
 *
 * Decoding is strict, as Tremor's: Node's decoder skips characters outside the alphabet and
 * stops at the first `=`, which would silently lose data, so the chunk must be exactly the
 * canonical encoding of its bytes (no whitespace, no URL-safe alphabet, proper padding).
 *
 * Config: none. `preprocessors = ["separate", "base64"]`, `postprocessors = ["base64", "separate"]`
 */
import { schema } from '../runtime/schema.js';
import { toBuffer } from '../codecs/bytes.js';
import { chunkTransform, postprocessor, preprocessor } from './interceptor.js';

function decode(chunk: Uint8Array): Buffer {
  const text = toBuffer(chunk).toString('latin1');
  const bytes = Buffer.from(text, 'base64');
  // canonical iff re-encoding gives the input back
  if (bytes.toString('base64') !== text) throw new Error(`base64: ${chunk.length} bytes of input are not valid base64`);
  return bytes;
}

const encode = (chunk: Uint8Array): Buffer => Buffer.from(toBuffer(chunk).toString('base64'), 'latin1');

export const base64Pre = preprocessor('base64', schema({}), () => chunkTransform(decode));

export const base64Post = postprocessor('base64', schema({}), () => chunkTransform(encode));
