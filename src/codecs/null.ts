/**
 * The `null` codec (reference §4.2): every chunk decodes to `null` and every value encodes to
 * no bytes, for sources whose payload does not matter (a trigger) and sinks that only count.
 *
 * Config: none. `codec = "null"`
 */
import type { Value } from '../runtime/value.js';
import type { Codec, CodecType } from './codec.js';
import { pluginConfig } from './config.js';

const EMPTY = new Uint8Array(0);

export class NullCodec implements Codec {
  decode(_chunk: Uint8Array): Value {
    return null;
  }

  encode(_value: Value): Uint8Array {
    return EMPTY;
  }
}

export const nullCodec: CodecType = {
  name: 'null',
  create(config: Value): Codec {
    pluginConfig('codec', 'null', config, []);
    return new NullCodec();
  },
};
