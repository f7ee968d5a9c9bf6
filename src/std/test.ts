/**
 * std::test (reference §8.11): `assert(desc, expected, got)` is `true` when the two are equal
 * under Tremor's `==`, and an error naming both values otherwise (Tremor's test mode).
 */
import { stringify } from '../runtime/json.js';
import { eq, type Value } from '../runtime/value.js';
import { fn, fnError, module, type StdModule } from './registry.js';

function assert(desc: Value, expected: Value, got: Value): Value {
  if (eq(expected, got)) return true;
  const name = typeof desc === 'string' ? desc : stringify(desc);
  return fnError('test::assert', 3, `\nAssertion for ${name} failed:\n    expected: ${stringify(expected)}\n    got: ${stringify(got)}\n`);
}

export const test: StdModule = module([fn('test::assert', assert)]);
