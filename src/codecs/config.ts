/**
 * Helpers shared by codecs and interceptors: strict validation of their `config` records
 * (unknown keys are errors, as Tremor's `deny_unknown_fields`) and zero-copy Buffer views of
 * byte chunks (Buffer's indexOf/toString are much faster than hand-written loops).
 */
import { stringify } from '../runtime/json.js';
import { isRecord, type Value } from '../runtime/value.js';

export type PluginKind = 'codec' | 'preprocessor' | 'postprocessor';

/**
 * The config record of a codec or interceptor: `null` (named without a config) reads as an
 * empty record; anything else must be a record whose keys are all in `keys`.
 */
export function pluginConfig(kind: PluginKind, name: string, config: Value, keys: readonly string[]): Record<string, Value> {
  if (config === null) return {};
  if (!isRecord(config)) throw new Error(`The config of the ${name} ${kind} must be a record, not ${stringify(config)}`);
  for (const k of Object.keys(config)) {
    if (!keys.includes(k)) {
      throw new Error(`Unknown config key \`${k}\` for the ${name} ${kind}; ${keys.length ? `expected one of ${keys.join(', ')}` : 'it takes no configuration'}`);
    }
  }
  return config;
}

/** a Buffer over the same memory (no copy) */
export function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
