/**
 * The `json` codec (reference §4.2): exactly one JSON document per chunk, surrounding
 * whitespace allowed; an empty chunk, invalid UTF-8 or anything after the document is an error.
 * Decoding is exact (64-bit integers, `1.0` stays a float) because pipelines can observe the
 * difference. Encoding is compact JSON, binaries as base64; `{"mode": "sorted"}` (or the 0.12
 * name `json-sorted`) sorts record keys so that output is deterministic.
 */
import { JsonError, parseJson, stringify, stringifySorted } from '../runtime/json.js';
import { schema, str } from '../runtime/schema.js';
import type { Value } from '../runtime/value.js';
import { textCodec } from './bytes.js';
import { defineCodec, type Codec } from './codec.js';

function decodeJson(text: string): Value {
  try {
    return parseJson(text);
  } catch (e) {
    if (e instanceof JsonError) throw new Error(text.trim() === '' ? 'Invalid JSON: empty input' : `Invalid JSON: ${e.message} at column ${e.offset + 1}`);
    throw e;
  }
}

const jsonCodec = (sorted: boolean): Codec => textCodec('Invalid JSON', decodeJson, sorted ? stringifySorted : stringify);

export const json = defineCodec('json', schema({ mode: str({ oneOf: ['sorted', 'unsorted'], default: 'unsorted', doc: '`sorted` writes record keys in order, for deterministic output' }) }), (c) =>
  jsonCodec(c.mode === 'sorted'),
);

/** Tremor 0.12's name for `{"name": "json", "config": {"mode": "sorted"}}` */
export const jsonSorted = defineCodec('json-sorted', schema({}), () => jsonCodec(true));
