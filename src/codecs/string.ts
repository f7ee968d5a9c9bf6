/**
 * The `string` codec (reference §4.2): a chunk must be valid UTF-8 and becomes a string; a
 * string encodes to its UTF-8 bytes and any other value to its JSON text, so that a `string`
 * console can still print records.
 */
import { isUtf8 } from 'node:buffer';
import { stringify } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import type { Codec, CodecType } from './codec.js';
import { pluginConfig, toBuffer } from './config.js';

export class StringCodec implements Codec {
  decode(chunk: Uint8Array): Value {
    const buf = toBuffer(chunk);
    if (!isUtf8(buf)) throw new Error('Invalid string: the input is not valid UTF-8');
    return buf.toString('utf8');
  }

  encode(value: Value): Uint8Array {
    return Buffer.from(typeof value === 'string' ? value : stringify(value), 'utf8');
  }
}

export const string: CodecType = {
  name: 'string',
  create(config: Value): Codec {
    pluginConfig('codec', 'string', config, []);
    return new StringCodec();
  },
};
