/**
 * `remove-empty` (reference §4.3): drops zero-length chunks, typically the empty lines that
 * `separate` emits, which a `json` codec would otherwise report as decode errors.
 *
 * Config: none. `preprocessors = ["separate", "remove-empty"]`
 */
import { schema } from '../runtime/schema.js';
import { chunkTransform, preprocessor } from './interceptor.js';

export const removeEmpty = preprocessor('remove-empty', schema({}), () => chunkTransform((chunk) => (chunk.length === 0 ? null : chunk)));
