/**
 * std::json (reference §8.7): decoding is lossless for 64-bit integers and integral floats
 * (src/runtime/json.ts); encoding prints floats the way Tremor's writer does.
 */
import { JsonError, parseJson, stringify, stringifyPretty } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

function decode(s: Value): Value {
  const f = 'json::decode';
  if (typeof s !== 'string') return badType(f, 1);
  try {
    return parseJson(s);
  } catch (e) {
    if (e instanceof JsonError) return fnError(f, 1, `${e.message} at character ${e.offset}`);
    throw e;
  }
}

export const json: StdModule = module([fn('json::decode', decode), fn('json::encode', (v: Value) => stringify(v)), fn('json::encode_pretty', (v: Value) => stringifyPretty(v))]);
