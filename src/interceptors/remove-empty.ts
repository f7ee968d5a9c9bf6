/**
 * `remove-empty` (reference §4.3): drops zero-length chunks, typically the empty lines that
 * `separate` emits, which a `json` codec would otherwise report as decode errors.
 */
import type { Value } from '../runtime/value.js';
import { pluginConfig } from '../codecs/config.js';
import type { Interceptor, InterceptorType } from './interceptor.js';

export class RemoveEmpty implements Interceptor {
  process(chunk: Uint8Array): Uint8Array[] {
    return chunk.length === 0 ? [] : [chunk];
  }

  finish(): Uint8Array[] {
    return [];
  }
}

export const removeEmpty: InterceptorType = {
  name: 'remove-empty',
  create(config: Value): Interceptor {
    pluginConfig('preprocessor', 'remove-empty', config, []);
    return new RemoveEmpty();
  },
};
