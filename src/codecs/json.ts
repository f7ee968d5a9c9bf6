/**
 * The `json` codec (reference §4.2): exactly one JSON document per chunk, surrounding
 * whitespace allowed; an empty chunk, invalid UTF-8 or anything after the document is an error.
 * Decoding is exact (64-bit integers, `1.0` stays a float) because pipelines can observe the
 * difference. Encoding is compact JSON, binaries as base64; `{"mode": "sorted"}` (or the 0.12
 * name `json-sorted`) sorts record keys so that output is deterministic.
 */
import { isUtf8 } from 'node:buffer';
import { JsonError, parseJson, stringify, stringifySorted } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import type { Codec, CodecType } from './codec.js';
import { pluginConfig, toBuffer } from './config.js';

export class JsonCodec implements Codec {
  constructor(private readonly sorted: boolean) {}

  decode(chunk: Uint8Array): Value {
    const buf = toBuffer(chunk);
    if (!isUtf8(buf)) throw new Error('Invalid JSON: the input is not valid UTF-8');
    const text = buf.toString('utf8');
    try {
      return parseJson(text);
    } catch (e) {
      if (e instanceof JsonError) throw new Error(text.trim() === '' ? 'Invalid JSON: empty input' : `Invalid JSON: ${e.message} at column ${e.offset + 1}`);
      throw e;
    }
  }

  encode(value: Value): Uint8Array {
    return Buffer.from(this.sorted ? stringifySorted(value) : stringify(value), 'utf8');
  }
}

export const json: CodecType = {
  name: 'json',
  create(config: Value): Codec {
    const rec = pluginConfig('codec', 'json', config, ['mode']);
    const mode = rec.mode ?? 'unsorted';
    if (mode !== 'sorted' && mode !== 'unsorted') throw new Error(`The \`mode\` of the json codec must be "sorted" or "unsorted", not ${stringify(mode)}`);
    return new JsonCodec(mode === 'sorted');
  },
};

/** Tremor 0.12's name for `{"name": "json", "config": {"mode": "sorted"}}` */
export const jsonSorted: CodecType = {
  name: 'json-sorted',
  create(config: Value): Codec {
    pluginConfig('codec', 'json-sorted', config, []);
    return new JsonCodec(true);
  },
};
