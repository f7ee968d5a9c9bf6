/**
 * std::type (reference §8.6): type tests and names. `is_integer` mirrors Tremor's `is_i64`,
 * so a u64 beyond i64::MAX is not an "integer" there although `as_string` calls it one.
 */
import { I64_MAX, isFloat, isInt, isNumber, isRecord, typeName, type Value } from '../runtime/value.js';
import { fn, module, type StdModule } from './registry.js';

function test(name: string, t: (v: Value) => boolean) {
  return fn(`type::${name}`, (v: Value) => t(v));
}

export const type: StdModule = module([
  fn('type::as_string', (v: Value) => typeName(v)),
  test('is_null', (v) => v === null),
  test('is_bool', (v) => typeof v === 'boolean'),
  test('is_integer', (v) => isInt(v) && !(typeof v === 'bigint' && v > I64_MAX)),
  test('is_float', isFloat),
  test('is_number', isNumber),
  test('is_string', (v) => typeof v === 'string'),
  test('is_array', Array.isArray),
  test('is_record', isRecord),
  test('is_binary', (v) => v instanceof Uint8Array),
]);
