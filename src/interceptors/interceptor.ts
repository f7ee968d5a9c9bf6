/**
 * Pre- and postprocessors (deployment reference §4.3, §4.4): each maps one chunk of bytes to
 * zero or more chunks, may keep state across chunks of one stream, and flushes what it holds
 * on `finish` (end of stream). A preprocessor runs before the codec decodes, a postprocessor
 * after it encodes. Errors are thrown; the connector routes them to `err` with the data.
 *
 * Each type states its configuration keys once, as a schema (src/runtime/schema.ts), which
 * `create` reads the config through and the README prints. Most interceptors map each chunk
 * on its own and keep nothing: `chunkTransform` is all they need besides their function.
 */
import type { Config, Fields, Schema } from '../runtime/schema.js';
import type { Value } from '../runtime/value.js';

export interface Interceptor {
  process(chunk: Uint8Array): Uint8Array[];
  finish(): Uint8Array[];
}

export type InterceptorKind = 'preprocessor' | 'postprocessor';

export interface InterceptorType {
  readonly name: string;
  readonly kind: InterceptorKind;
  /** the keys of its `config` */
  readonly config: Schema<Fields>;
  /** reads `config` (null when the processor was named without a config record) */
  create(config: Value): Interceptor;
}

/**
 * Thrown by an interceptor that failed on part of a chunk but still produced output: the
 * caller uses `output` and reports each failure, which happened just before `output[at]`.
 */
export class PartialFailure extends Error {
  constructor(
    readonly output: Uint8Array[],
    readonly failures: { at: number; message: string }[],
  ) {
    super(failures.map((f) => f.message).join('; '));
    this.name = 'PartialFailure';
  }
}

function define<F extends Fields>(kind: InterceptorKind, name: string, config: Schema<F>, make: (c: Config<F>) => Interceptor): InterceptorType {
  return { name, kind, config, create: (value) => make(config.read(`the ${name} ${kind}`, value)) };
}

/** a preprocessor type whose `create` reads its config through `config`, then hands it to `make` */
export function preprocessor<F extends Fields>(name: string, config: Schema<F>, make: (c: Config<F>) => Interceptor): InterceptorType {
  return define('preprocessor', name, config, make);
}

/** a postprocessor type whose `create` reads its config through `config`, then hands it to `make` */
export function postprocessor<F extends Fields>(name: string, config: Schema<F>, make: (c: Config<F>) => Interceptor): InterceptorType {
  return define('postprocessor', name, config, make);
}

const NOTHING: Uint8Array[] = [];

/** an interceptor that maps each chunk on its own and holds nothing back; null drops the chunk */
export function chunkTransform(fn: (chunk: Uint8Array) => Uint8Array | null): Interceptor {
  return {
    process(chunk) {
      const out = fn(chunk);
      return out === null ? [] : [out];
    },
    finish: () => NOTHING,
  };
}
