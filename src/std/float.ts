/**
 * std::float (reference §8.5): `parse` follows Rust's `f64::from_str` grammar (an optional
 * sign, then `inf`, `infinity`, `nan` in any case, or decimal digits with an optional
 * fraction and exponent), which is stricter than JS `Number()` (no whitespace, no hex,
 * no empty string) and looser than JSON (`.5`, `5.`, `+1`).
 */
import { float as toFloat, isNumber, toF64, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

const RUST_FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SPECIAL = /^([+-]?)(inf|infinity|nan)$/i;

function parse(v: Value): Value {
  const f = 'float::parse';
  if (typeof v !== 'string') return badType(f, 1);
  if (v === '') return fnError(f, 1, 'cannot parse float from empty string');
  const special = SPECIAL.exec(v);
  if (special) {
    if (special[2].toLowerCase() === 'nan') return NaN;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  if (!RUST_FLOAT.test(v)) return fnError(f, 1, 'invalid float literal');
  return toFloat(Number(v));
}

function predicate(name: string, test: (x: number) => boolean) {
  const f = `float::${name}`;
  // integers are accepted and cast, as Tremor's `cast_f64` does
  return fn(f, (v: Value) => (isNumber(v) ? test(toF64(v)) : badType(f, 1)));
}

export const float: StdModule = module([fn('float::parse', parse), predicate('is_finite', Number.isFinite), predicate('is_nan', Number.isNaN), predicate('is_infinite', (x) => x === Infinity || x === -Infinity)]);
