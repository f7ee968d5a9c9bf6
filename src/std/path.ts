/**
 * std::path (reference §8.8): `try_default(base, segments, otherwise)` walks `base` through
 * `segments` (strings into records, non-negative integers into arrays) and returns
 * `otherwise` when a step is missing. The walk mirrors Tremor's loop exactly, including its
 * quirk that a segment which fits neither the record nor the array at hand is skipped
 * rather than failing (`try_default({"a": 1}, [0], d)` is the record itself).
 */
import { hasKey, isRecord, type Value } from '../runtime/value.js';
import { fn, fnError, module, type StdModule } from './registry.js';

function tryDefault(base: Value, segments: Value, otherwise: Value): Value {
  const f = 'path::try_default';
  if (base === null) return otherwise;
  if (!isRecord(base) && !Array.isArray(base)) return fnError(f, 3, 'Expected record or array or literal `null` as first argument');
  if (!Array.isArray(segments)) return fnError(f, 3, 'Expected path segment array as second argument');
  let pivot: Value = base;
  let walked = 0;
  for (const seg of segments) {
    if (typeof seg === 'string' && isRecord(pivot)) {
      if (!hasKey(pivot, seg)) return otherwise;
      pivot = pivot[seg];
      walked++;
      continue;
    }
    if (Array.isArray(pivot)) {
      const i = typeof seg === 'number' && Number.isInteger(seg) && seg >= 0 ? seg : -1;
      if (i < 0 || i >= pivot.length) return otherwise;
      pivot = pivot[i];
      walked++;
    }
  }
  if (walked > 0 && segments.length > walked) return otherwise;
  return pivot;
}

export const path: StdModule = module([fn('path::try_default', tryDefault)]);
