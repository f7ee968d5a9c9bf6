/**
 * Pre- and postprocessors (deployment reference §4.3, §4.4): each maps one chunk of bytes to
 * zero or more chunks, may keep state across chunks of one stream, and flushes what it holds
 * on `finish` (end of stream). A preprocessor runs before the codec decodes, a postprocessor
 * after it encodes. Errors are thrown; the connector routes them to `err` with the data.
 */
import type { Value } from '../runtime/value.js';

export interface Interceptor {
  process(chunk: Uint8Array): Uint8Array[];
  finish(): Uint8Array[];
}

export interface InterceptorType {
  readonly name: string;
  /** validates `config` (null when the processor was named without a config record) */
  create(config: Value): Interceptor;
}
