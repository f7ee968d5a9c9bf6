/**
 * std::integer (reference §8.5): `parse` with Rust's `str::parse::<i64>` rules and messages,
 * and the 0.13 upper-case constants in the `signed` and `unsigned` submodules.
 */
import { I64_MAX, I64_MIN, U64_MAX, intFromBig, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

/** an optional sign then ASCII digits only: no whitespace, no underscores, no `0x` */
function parse(v: Value): Value {
  const f = 'integer::parse';
  if (typeof v !== 'string') return badType(f, 1);
  if (v === '') return fnError(f, 1, 'cannot parse integer from empty string');
  const body = v[0] === '+' || v[0] === '-' ? v.slice(1) : v;
  if (!/^[0-9]+$/.test(body)) return fnError(f, 1, 'invalid digit found in string');
  const n = BigInt(v[0] === '+' ? body : v);
  if (n > I64_MAX) return fnError(f, 1, 'number too large to fit in target type');
  if (n < I64_MIN) return fnError(f, 1, 'number too small to fit in target type');
  return intFromBig(n);
}

export const integer: StdModule = module(
  [fn('integer::parse', parse)],
  {},
  {
    // upper case since 0.13; the 0.12 lower-case names still resolve, as the corpus expects
    signed: module([], { MAX: I64_MAX, MIN: I64_MIN, max: I64_MAX, min: I64_MIN }),
    unsigned: module([], { MAX: U64_MAX, MIN: 0, max: U64_MAX, min: 0 }),
  },
);
