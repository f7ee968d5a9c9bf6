/**
 * std::range (reference §8.8): `range(a, b)` is end-exclusive (the docs say inclusive; the
 * implementation is not), `contains(r, n)` checks `r[0] <= n <= r[len - 1]`.
 */
import { compareNumbers, intFromBig, isInt, isNumber, toBig, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

// Rust would try to allocate any size; a JS array cannot hold more than 2^32 - 1 elements
// and would exhaust memory long before that, so a huge range is reported instead.
const MAX_LEN = 100_000_000;

function exclusiveRange(a: Value, b: Value): Value {
  const f = 'range::range';
  if (!isInt(a) || !isInt(b)) return badType(f, 2);
  if (typeof a === 'number' && typeof b === 'number') {
    if (b - a > MAX_LEN) return fnError(f, 2, `a range of ${b - a} elements is too large`);
    const out: Value[] = [];
    for (let i = a; i < b; i++) out.push(i);
    return out;
  }
  const x = toBig(a);
  const y = toBig(b);
  if (y - x > BigInt(MAX_LEN)) return fnError(f, 2, `a range of ${y - x} elements is too large`);
  const out: Value[] = [];
  for (let i = x; i < y; i++) out.push(intFromBig(i));
  return out;
}

function contains(r: Value, n: Value): Value {
  const f = 'range::contains';
  if (!Array.isArray(r)) return badType(f, 2);
  if (r.length === 0) return false;
  const lo = r[0];
  const hi = r[r.length - 1];
  if (!isNumber(lo) || !isNumber(hi) || !isNumber(n)) return badType(f, 2);
  return compareNumbers(lo, n) <= 0 && compareNumbers(hi, n) >= 0;
}

export const range: StdModule = module([fn('range::range', exclusiveRange), fn('range::contains', contains)]);
