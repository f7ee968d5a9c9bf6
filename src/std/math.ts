/**
 * std::math (reference §8.4, §10.1). Rounding functions turn floats into integers the way
 * Rust's `as` does: NaN becomes 0 and out-of-range values saturate (to i64 when negative,
 * to u64 otherwise). `max`/`min` keep integers when both arguments are integers of one
 * 64-bit view, and fall back to floats otherwise, as Tremor does.
 */
import { I64_MAX, I64_MIN, U64_MAX, float, intFromBig, isInt, isNumber, toBig, toF64, type Value } from '../runtime/value.js';
import { badType, fn, module, type StdModule } from './registry.js';

const SAFE = Number.MAX_SAFE_INTEGER;

/** an integral JS float as a Tremor integer, saturating like Rust's `f as i64` / `f as u64` */
export function saturatingInt(f: number): number | bigint {
  if (Number.isNaN(f)) return 0;
  if (f >= -SAFE && f <= SAFE) return f === 0 ? 0 : f; // no -0 for integers
  if (f < 0) return f <= -(2 ** 63) ? I64_MIN : intFromBig(BigInt(f));
  return f >= 2 ** 64 ? U64_MAX : intFromBig(BigInt(f));
}

/** round half away from zero (JS Math.round rounds half up: -2.5 → -2) */
function roundHalfAway(x: number): number {
  const t = Math.trunc(x);
  // x - t is exact for doubles, so the comparison is too
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

function rounding(name: string, op: (x: number) => number) {
  const f = `math::${name}`;
  return fn(f, (v: Value) => {
    if (isInt(v)) return v;
    if (!isNumber(v)) return badType(f, 1);
    return saturatingInt(op(toF64(v)));
  });
}

function extreme(name: 'max' | 'min') {
  const f = `math::${name}`;
  const pickFirst = (c: boolean) => (name === 'max' ? c : !c);
  return fn(f, (a: Value, b: Value) => {
    if (!isNumber(a) || !isNumber(b)) return badType(f, 2);
    if (isInt(a) && isInt(b)) {
      const x = toBig(a);
      const y = toBig(b);
      // both in the u64 view or both in the i64 view: an integer result
      if ((x >= 0n && y >= 0n) || (x <= I64_MAX && y <= I64_MAX)) {
        return pickFirst(x > y) ? a : b;
      }
    }
    const x = toF64(a);
    const y = toF64(b);
    const first = name === 'max' ? x >= y : x <= y;
    return float(first ? x : y);
  });
}

export const math: StdModule = module([rounding('floor', Math.floor), rounding('ceil', Math.ceil), rounding('round', roundHalfAway), rounding('trunc', Math.trunc), extreme('max'), extreme('min')]);
