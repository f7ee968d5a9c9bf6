/**
 * Tremor values in JavaScript.
 *
 * Tremor has JSON's values plus binaries, and keeps integers (i64/u64) apart from floats.
 * JavaScript's number cannot tell `1` from `1.0` and is exact only to 2^53, so:
 *
 * | Tremor            | JavaScript                                                        |
 * |-------------------|-------------------------------------------------------------------|
 * | null, bool, string| null, boolean, string                                             |
 * | integer           | a safe-integer `number`; a `bigint` only outside ±(2^53−1)        |
 * | float             | a non-integral `number` (also NaN, ±Infinity); a `FloatBox` when  |
 * |                   | the value is integral (`1.0`, `-0.0`, `1e300`)                    |
 * | binary            | `Uint8Array`                                                      |
 * | array             | `Array`                                                           |
 * | record            | a plain object whose prototype is `Object.prototype`              |
 *
 * The common cases (safe integers, fractional floats, strings, JSON objects) stay plain JS
 * values, so decoding with `JSON.parse` and reading fields cost nothing extra. An integer is
 * always in its canonical form: a `bigint` never holds a safe integer, so `===` decides
 * integer equality.
 */

/** An integral float: `1.0` is not the integer `1` in Tremor. */
export class FloatBox {
  constructor(readonly fv: number) {}
}

export type Value = null | boolean | number | bigint | string | FloatBox | Uint8Array | Value[] | Rec;
export interface Rec {
  [key: string]: Value;
}

export const U64_MAX = 18446744073709551615n;
export const I64_MIN = -9223372036854775808n;
export const I64_MAX = 9223372036854775807n;
export const F64_EPSILON = 2.220446049250313e-16;

const ObjectProto = Object.prototype;

export function isRecord(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === ObjectProto;
}

export function isInt(v: unknown): v is number | bigint {
  return typeof v === 'number' ? Number.isInteger(v) : typeof v === 'bigint';
}

export function isFloat(v: unknown): v is number | FloatBox {
  return typeof v === 'number' ? !Number.isInteger(v) : v instanceof FloatBox;
}

export function isNumber(v: unknown): v is number | bigint | FloatBox {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof FloatBox;
}

/** a float value from a JS number: boxes integral values */
export function float(n: number): number | FloatBox {
  return Number.isInteger(n) ? new FloatBox(n) : n;
}

/** the canonical integer for an exact value; the caller has checked the 64-bit range */
export function intFromBig(b: bigint): number | bigint {
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}

export function inIntRange(b: bigint): boolean {
  return b >= I64_MIN && b <= U64_MAX;
}

/** a number's value as a JS float (ints round to nearest, like Rust's `as f64`) */
export function toF64(v: number | bigint | FloatBox): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v.fv;
}

export function toBig(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

export type TypeName = 'null' | 'bool' | 'integer' | 'float' | 'string' | 'array' | 'record' | 'bytes';

export function typeName(v: Value): TypeName {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isInteger(v) ? 'integer' : 'float';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'integer';
    default:
      if (v === null) return 'null';
      if (Array.isArray(v)) return 'array';
      if (v instanceof FloatBox) return 'float';
      if (v instanceof Uint8Array) return 'bytes';
      return 'record';
  }
}

const utf8 = new TextEncoder();

export function stringBytes(s: string): Uint8Array {
  return utf8.encode(s);
}

function bytesEq(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Tremor's `==`: deep, never fails. Integers compare exactly; as soon as a float is involved
 * two numbers are equal when they differ by less than f64::EPSILON (absolute, as Tremor does),
 * so `1 == 1.0` and `0.1 + 0.2 == 0.3`. A string equals a binary holding its UTF-8 bytes.
 */
export function eq(a: Value, b: Value): boolean {
  if (a === b) return true;
  switch (typeof a) {
    case 'number':
      if (typeof b === 'number') {
        return !(Number.isInteger(a) && Number.isInteger(b)) && Math.abs(a - b) < F64_EPSILON;
      }
      return numEqSlow(a, b);
    case 'string':
      return b instanceof Uint8Array ? bytesEq(stringBytes(a), b) : false;
    case 'bigint':
      return numEqSlow(a, b);
    case 'object':
      if (a instanceof FloatBox) return numEqSlow(a, b);
      if (a instanceof Uint8Array && typeof b === 'string') return bytesEq(a, stringBytes(b));
      if (a === null || b === null || typeof b !== 'object') return false;
      if (Array.isArray(a)) {
        if (!Array.isArray(b) || a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!eq(a[i], b[i])) return false;
        return true;
      }
      if (a instanceof FloatBox) return numEqSlow(a, b);
      if (a instanceof Uint8Array) return b instanceof Uint8Array ? bytesEq(a, b) : false;
      if (!isRecord(b)) return false;
      return recordEq(a as Rec, b, eq);
    default:
      return false;
  }
}

function recordEq(a: Rec, b: Rec, cmp: (x: Value, y: Value) => boolean): boolean {
  let n = 0;
  for (const k in a) {
    if (!Object.prototype.hasOwnProperty.call(b, k) || !cmp(a[k], b[k])) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

function numEqSlow(a: Value, b: Value): boolean {
  if (!isNumber(a) || !isNumber(b)) {
    if (typeof a === 'string' && b instanceof Uint8Array) return bytesEq(stringBytes(a), b);
    return false;
  }
  if (isInt(a) && isInt(b)) return toBig(a) === toBig(b);
  return Math.abs(toF64(a) - toF64(b)) < F64_EPSILON;
}

/** Strict structural equality: like `eq` but `1` and `1.0` differ (array::contains). */
export function strictEq(a: Value, b: Value): boolean {
  if (a === b) return true;
  const ta = typeName(a);
  if (ta !== typeName(b)) return false;
  switch (ta) {
    case 'float':
      return toF64(a as number) === toF64(b as number);
    case 'bytes':
      return bytesEq(a as Uint8Array, b as Uint8Array);
    case 'array': {
      const x = a as Value[];
      const y = b as Value[];
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (!strictEq(x[i], y[i])) return false;
      return true;
    }
    case 'record':
      return recordEq(a as Rec, b as Rec, strictEq);
    default:
      return false;
  }
}

/** Byte-wise (code point) order of two strings; JS `<` compares UTF-16 units instead. */
export function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // surrogates (astral code points) sort after every BMP character
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x < y ? -1 : 1;
    }
  }
  return a.length - b.length;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

export function compareNumbers(a: number | bigint | FloatBox, b: number | bigint | FloatBox): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (isInt(a) && isInt(b)) {
    const x = toBig(a);
    const y = toBig(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = toF64(a);
  const y = toF64(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const KIND_RANK: Record<TypeName, number> = {
  record: 0,
  array: 1,
  string: 2,
  bytes: 2,
  integer: 3,
  float: 3,
  bool: 4,
  null: 5,
};

/**
 * Tremor's total order (array::sort, match lookup): records < arrays < strings/binaries <
 * numbers < bools < null; within a kind the natural order.
 */
export function totalCompare(a: Value, b: Value): number {
  const ta = typeName(a);
  const tb = typeName(b);
  const ra = KIND_RANK[ta];
  const rb = KIND_RANK[tb];
  if (ra !== rb) return ra - rb;
  switch (ta) {
    case 'integer':
    case 'float':
      return compareNumbers(a as number, b as number);
    case 'string':
    case 'bytes': {
      if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
      const x = typeof a === 'string' ? stringBytes(a) : (a as Uint8Array);
      const y = typeof b === 'string' ? stringBytes(b) : (b as Uint8Array);
      return compareBytes(x, y);
    }
    case 'bool':
      return (a ? 1 : 0) - (b ? 1 : 0);
    case 'array': {
      const x = a as Value[];
      const y = b as Value[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = totalCompare(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 'record': {
      const x = a as Rec;
      const y = b as Rec;
      const kx = Object.keys(x).sort(compareStrings);
      const ky = Object.keys(y).sort(compareStrings);
      for (let i = 0; i < Math.min(kx.length, ky.length); i++) {
        const c = compareStrings(kx[i], ky[i]) || totalCompare(x[kx[i]], y[ky[i]]);
        if (c !== 0) return c;
      }
      return kx.length - ky.length;
    }
    default:
      return 0;
  }
}

/** Sets a record key; `__proto__` becomes an own property instead of changing the prototype. */
export function setKey(r: Rec, k: string, v: Value): void {
  if (k === '__proto__') Object.defineProperty(r, k, { value: v, writable: true, enumerable: true, configurable: true });
  else r[k] = v;
}

export function hasKey(r: Rec, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(r, k);
}

/** The value of an own key, or undefined. Safe for any key, `constructor` included. */
export function ownKey(r: Rec, k: string): Value | undefined {
  return Object.prototype.hasOwnProperty.call(r, k) ? r[k] : undefined;
}

/** Deep copy (assignment to `state` copies, as Tremor does). */
export function clone(v: Value): Value {
  if (typeof v !== 'object' || v === null || v instanceof FloatBox) return v;
  if (Array.isArray(v)) return v.map(clone);
  if (v instanceof Uint8Array) return v.slice();
  const out: Rec = {};
  for (const k in v) setKey(out, k, clone((v as Rec)[k]));
  return out;
}

export function newRecord(): Rec {
  return {};
}
