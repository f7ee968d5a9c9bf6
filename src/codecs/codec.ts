/**
 * Codecs turn a chunk of bytes into a value and back (deployment reference §4.2). A codec
 * instance may keep state; each connector stream gets its own. `decode` returns undefined
 * when the chunk holds no value (an influx comment line) and throws for bad input, which the
 * connector routes to its `err` port with the raw data.
 */
import type { Value } from '../runtime/value.js';

/** `"name"` or `{"name": …, "config": …}` of a codec, preprocessor or postprocessor */
export interface Named {
  name: string;
  config: Value;
}

export interface Codec {
  decode(chunk: Uint8Array): Value | undefined;
  encode(value: Value): Uint8Array;
}

export interface CodecType {
  readonly name: string;
  /** validates the codec's `config` (throws an Error with a message naming the key) */
  create(config: Value): Codec;
}
