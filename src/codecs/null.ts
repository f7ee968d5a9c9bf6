/**
 * The `null` codec (reference §4.2): every chunk decodes to `null` and every value encodes to
 * no bytes, for sources whose payload does not matter (a trigger) and sinks that only count.
 *
 * Config: none. `codec = "null"`
 */
import { schema } from '../runtime/schema.js';
import { defineCodec } from './codec.js';

const EMPTY = new Uint8Array(0);

export const nullCodec = defineCodec('null', schema({}), () => ({
  decode: () => null,
  encode: () => EMPTY,
}));
