/**
 * Codecs turn a chunk of bytes into a value and back (deployment reference §4.2). A codec
 * instance may keep state; each connector stream gets its own. `decode` returns undefined
 * when the chunk holds no value (an influx comment line) and throws for bad input, which the
 * connector routes to its `err` port with the raw data.
 *
 * Every codec type states its configuration keys once, as a schema (src/runtime/schema.ts):
 * `create` reads the config through it, so unknown keys, missing keys and wrong types get the
 * same messages everywhere, and the README prints the schema as a table.
 */
import type { Config, Fields, Schema } from '../runtime/schema.js';
import { typeName, type Value } from '../runtime/value.js';

/** `"name"` or `{"name": …, "config": …}` of a codec, preprocessor or postprocessor */
export interface Named {
  name: string;
  config: Value;
}

export interface Codec {
  decode(chunk: Uint8Array): Value | undefined;
  encode(value: Value): Uint8Array;
  /**
   * A codec over text that can check a chunk without decoding it (runtime/event.ts,
   * LazyEvent): `text` is the chunk's text (it throws what `decode` throws for a chunk that is
   * not text); when `canonical(text)` — valid, and written back byte for byte by `encode` —
   * `parse` decodes it later, if anything reads the value; otherwise `decode` decodes it now.
   */
  lazy?: LazyText;
}

export interface LazyText {
  text(chunk: Uint8Array): string;
  /** `spans` (when given) receives the top-level offsets, as validCanonical's */
  canonical(text: string, spans?: number[] | null): boolean;
  parse(text: string): Value;
  decode(text: string): Value | undefined;
}

export interface CodecType {
  readonly name: string;
  /** the keys of its `config` */
  readonly config: Schema<Fields>;
  /** reads the codec's `config` (throws a ConfigError with a message naming the key) */
  create(config: Value): Codec;
}

/** a codec type whose `create` reads its config through `config`, then hands it to `make` */
export function defineCodec<F extends Fields>(name: string, config: Schema<F>, make: (c: Config<F>) => Codec): CodecType {
  return { name, config, create: (value) => make(config.read(`the ${name} codec`, value)) };
}

/** `a record`, `an integer`: the value's type with its article, for messages */
export const aType = (v: Value): string => (/^[aeiou]/.test(typeName(v)) ? 'an ' : 'a ') + typeName(v);
