/**
 * The `string` codec (reference §4.2): a chunk must be valid UTF-8 and becomes a string; a
 * string encodes to its UTF-8 bytes and any other value to its JSON text, so that a `string`
 * console can still print records.
 *
 * Config: none. `codec = "string"`
 */
import { stringify } from '../runtime/json.js';
import { schema } from '../runtime/schema.js';
import { textCodec } from './bytes.js';
import { defineCodec } from './codec.js';

export const string = defineCodec('string', schema({}), () =>
  textCodec(
    'Invalid string',
    (text) => text,
    (value) => (typeof value === 'string' ? value : stringify(value)),
  ),
);
