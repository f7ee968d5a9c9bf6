/**
 * The `json` codec (reference §4.2): exactly one JSON document per chunk, surrounding
 * whitespace allowed; an empty chunk, invalid UTF-8 or anything after the document is an error.
 * Decoding is exact (64-bit integers, `1.0` stays a float) because pipelines can observe the
 * difference. Encoding is compact JSON, binaries as base64; `{"mode": "sorted"}` (or the 0.12
 * name `json-sorted`) sorts record keys so that output is deterministic.
 */
import { JsonError, parseJson, stringify, stringifySorted } from '../runtime/json.js';
import { schema, str } from '../runtime/schema.js';
import { textCodec, utf8 } from './bytes.js';
import { validCanonical } from '../runtime/json-canonical.js';
import type { Value } from '../runtime/value.js';
import { defineCodec, type Codec } from './codec.js';

function decoding<T>(text: string, decode: (text: string) => T): T {
  try {
    return decode(text);
  } catch (e) {
    if (e instanceof JsonError) throw new Error(text.trim() === '' ? 'Invalid JSON: empty input' : `Invalid JSON: ${e.message} at column ${e.offset + 1}`);
    throw e;
  }
}

/**
 * Unsorted, the codec also checks a text without decoding it (`lazy`): canonical texts
 * (src/runtime/json-canonical.ts) are decoded when read, and a json sink writes their bytes
 * when the event arrives unchanged.
 */
function jsonCodec(sorted: boolean): Codec {
  const decode = (text: string) => decoding(text, parseJson);
  const codec = textCodec('Invalid JSON', decode, sorted ? stringifySorted : stringify);
  if (sorted) return codec;
  return {
    ...codec,
    lazy: {
      text: (chunk) => utf8(chunk, 'Invalid JSON'),
      canonical: validCanonical,
      // a canonical text has no number JSON.parse could round
      parse: (text) => JSON.parse(text) as Value,
      decode,
    },
  };
}

export const json = defineCodec('json', schema({ mode: str({ oneOf: ['sorted', 'unsorted'], default: 'unsorted', doc: '`sorted` writes record keys in order, for deterministic output' }) }), (c) =>
  jsonCodec(c.mode === 'sorted'),
);

/** Tremor 0.12's name for `{"name": "json", "config": {"mode": "sorted"}}` */
export const jsonSorted = defineCodec('json-sorted', schema({}), () => jsonCodec(true));
