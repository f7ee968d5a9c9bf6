/**
 * The `binary` codec (reference §4.2): a chunk becomes a binary value as it is; a binary
 * encodes to its bytes, a string to its UTF-8 bytes, anything else to its JSON text.
 */
import { stringify } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import type { Codec, CodecType } from './codec.js';
import { pluginConfig } from './config.js';

export class BinaryCodec implements Codec {
  decode(chunk: Uint8Array): Value {
    // a copy: the chunk may be a view into a larger read buffer (or a Node Buffer, whose
    // prototype the runtime's value helpers do not expect)
    return new Uint8Array(chunk);
  }

  encode(value: Value): Uint8Array {
    if (value instanceof Uint8Array) return value;
    return Buffer.from(typeof value === 'string' ? value : stringify(value), 'utf8');
  }
}

export const binary: CodecType = {
  name: 'binary',
  create(config: Value): Codec {
    pluginConfig('codec', 'binary', config, []);
    return new BinaryCodec();
  },
};
