/**
 * std::array (reference §8.2). Every function returns a new array; arguments are never
 * mutated, since values may be shared (constants, state).
 */
import { stringify } from '../runtime/json.js';
import { FloatBox, strictEq, totalCompare, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

function arr(v: Value, f: string, arity: number): Value[] {
  return Array.isArray(v) ? v : badType(f, arity);
}

/**
 * Rust's `Display` for f64, used by `join`: never an exponent, integral values without a
 * fraction (`1.0` → `1`), `NaN`, `inf`.
 */
export function rustFloatDisplay(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x)) return (Object.is(x, -0) ? '-' : '') + BigInt(x).toString();
  const s = String(x);
  if (!s.includes('e')) return s;
  // JS switches to exponent form below 1e-6: expand the shortest digits by hand
  const sign = x < 0 ? '-' : '';
  const [m, e] = Math.abs(x).toExponential().split('e');
  const digits = m.replace('.', '');
  const exp = Number(e);
  return sign + '0.' + '0'.repeat(-exp - 1) + digits;
}

/** how `join` prints one element: strings raw, scalars in Rust display form, the rest as JSON */
function display(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : rustFloatDisplay(v);
  if (v instanceof FloatBox) return rustFloatDisplay(v.fv);
  if (typeof v === 'bigint' || typeof v === 'boolean' || v === null) return String(v);
  return stringify(v);
}

function flatten(a: Value[], out: Value[]): Value[] {
  for (const v of a) {
    if (Array.isArray(v)) flatten(v, out);
    else out.push(v);
  }
  return out;
}

function unzip(v: Value): Value {
  const f = 'array::unzip';
  const a = arr(v, f, 1);
  const left: Value[] = [];
  const right: Value[] = [];
  for (const e of a) {
    if (!Array.isArray(e)) {
      return fnError(f, 1, `Only arrays that consist of tuples (arrays of two elements) can be unzipped but this array contained: ${stringify(e)}`);
    }
    if (e.length !== 2) {
      return fnError(f, 1, `Only arrays that consist of tuples (arrays of two elements) can be unzipped but this array contained ${e.length} elements`);
    }
    left.push(e[0]);
    right.push(e[1]);
  }
  return [left, right];
}

function zip(l: Value, r: Value): Value {
  const f = 'array::zip';
  const a = arr(l, f, 2);
  const b = arr(r, f, 2);
  if (a.length !== b.length) {
    return fnError(f, 2, `Zipping two arrays requires them to have the same length, but the first array provided has ${a.length} elements while the second one has ${b.length} elements`);
  }
  return a.map((x, i) => [x, b[i]]);
}

export const array: StdModule = module([
  fn('array::len', (a: Value) => arr(a, 'array::len', 1).length),
  fn('array::is_empty', (a: Value) => arr(a, 'array::is_empty', 1).length === 0),
  // strict equality: 1 and 1.0 differ here, unlike `==`
  fn('array::contains', (a: Value, v: Value) => arr(a, 'array::contains', 2).some((x) => strictEq(x, v))),
  fn('array::push', (a: Value, v: Value) => [...arr(a, 'array::push', 2), v]),
  fn('array::concatenate', (a: Value, b: Value) => arr(a, 'array::concatenate', 2).concat(arr(b, 'array::concatenate', 2))),
  fn('array::zip', zip),
  fn('array::unzip', unzip),
  fn('array::flatten', (a: Value) => flatten(arr(a, 'array::flatten', 1), [])),
  fn('array::coalesce', (a: Value) => arr(a, 'array::coalesce', 1).filter((x) => x !== null)),
  fn('array::join', (a: Value, sep: Value) => {
    const items = arr(a, 'array::join', 2);
    if (typeof sep !== 'string') return badType('array::join', 2);
    return items.map(display).join(sep);
  }),
  fn('array::sort', (a: Value) => [...arr(a, 'array::sort', 1)].sort(totalCompare)),
  fn('array::reverse', (a: Value) => [...arr(a, 'array::reverse', 1)].reverse()),
]);
