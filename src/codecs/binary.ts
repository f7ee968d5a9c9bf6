/**
 * The `binary` codec (reference §4.2): a chunk becomes a binary value as it is; a binary
 * encodes to its bytes, a string to its UTF-8 bytes, anything else to its JSON text.
 *
 * Config: none. `codec = "binary"`
 */
import { schema } from '../runtime/schema.js';
import { textBytes } from './bytes.js';
import { defineCodec } from './codec.js';

export const binary = defineCodec('binary', schema({}), () => ({
  // a copy: the chunk may be a view into a larger read buffer (or a Node Buffer, whose
  // prototype the runtime's value helpers do not expect)
  decode: (chunk) => new Uint8Array(chunk),
  encode: (value) => (value instanceof Uint8Array ? value : textBytes(value)),
}));
