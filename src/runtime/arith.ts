/**
 * Tremor's operators (reference §2). Each function takes the operands and the call-site
 * number used to position an error.
 *
 * Number dispatch follows Tremor: when both operands are integers that fit u64 the operation
 * is done in u64, else in i64 when both fit, else in f64. Every integer result is checked:
 * overflow is an error (0.13), never a silent wrap. The fast path (two safe integers or two
 * plain floats whose result is exact) stays on JS numbers; everything else goes through
 * bigint.
 */
import { fault } from './fault.js';
import {
  FloatBox,
  I64_MAX,
  I64_MIN,
  U64_MAX,
  compareBytes,
  compareNumbers,
  compareStrings,
  float,
  inIntRange,
  intFromBig,
  isInt,
  isNumber,
  isRecord,
  setKey,
  stringBytes,
  toBig,
  toF64,
  typeName,
  type Rec,
  type Value,
} from './value.js';

export type BinOp = '+' | '-' | '*' | '/' | '%' | '&' | '^' | '<<' | '>>' | '>>>' | '==' | '!=' | '<' | '<=' | '>' | '>=' | 'and' | 'or' | 'xor';

export function binTypeError(op: string, a: Value, b: Value | undefined, site: number): never {
  const right = b === undefined ? '<not executed>' : typeName(b);
  return fault('T001', `The binary operation \`${op}\` is not defined for the type \`${typeName(a)}\` and \`${right}\``, site);
}

function overflow(op: string, site: number): never {
  return fault('T005', `The binary operation \`${op}\` caused an over- or underflow`, site);
}

const SAFE = 9007199254740991;

// ---------------------------------------------------------------------------- + - * / %

export function add(a: Value, b: Value, site: number): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (!Number.isInteger(r)) return r;
    if (Number.isInteger(a) && Number.isInteger(b)) return r <= SAFE && r >= -SAFE ? r : intOp('+', a, b, site);
    return new FloatBox(r);
  }
  if (typeof a === 'string' && typeof b === 'string') return a + b;
  return addSlow(a, b, site);
}

function addSlow(a: Value, b: Value, site: number): Value {
  if (isNumber(a) && isNumber(b)) return numOp('+', a, b, site);
  if (Array.isArray(a) && Array.isArray(b)) return a.concat(b);
  if (isRecord(a) && isRecord(b)) {
    const out: Rec = {};
    for (const k in a) setKey(out, k, a[k]);
    for (const k in b) setKey(out, k, b[k]);
    return out;
  }
  return binTypeError('+', a, b, site);
}

export function sub(a: Value, b: Value, site: number): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (!Number.isInteger(r)) return r;
    if (Number.isInteger(a) && Number.isInteger(b)) return r <= SAFE && r >= -SAFE ? r : intOp('-', a, b, site);
    return new FloatBox(r);
  }
  if (isNumber(a) && isNumber(b)) return numOp('-', a, b, site);
  return binTypeError('-', a, b, site);
}

export function mul(a: Value, b: Value, site: number): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    if (!Number.isInteger(r)) return r;
    if (Number.isInteger(a) && Number.isInteger(b)) return r <= SAFE && r >= -SAFE ? r : intOp('*', a, b, site);
    return new FloatBox(r);
  }
  if (isNumber(a) && isNumber(b)) return numOp('*', a, b, site);
  return binTypeError('*', a, b, site);
}

/** `/` always yields a float; an integer division by zero is an error. */
export function div(a: Value, b: Value, site: number): Value {
  if (isNumber(a) && isNumber(b)) {
    if (isInt(a) && isInt(b) && (b === 0 || b === 0n)) fault('T006', 'Division by zero', site);
    return float(toF64(a) / toF64(b));
  }
  return binTypeError('/', a, b, site);
}

/** `%` is defined on integers only: the truncated remainder (sign of the dividend). */
export function mod(a: Value, b: Value, site: number): Value {
  if (typeof a === 'number' && typeof b === 'number' && Number.isInteger(a) && Number.isInteger(b)) {
    if (b === 0) fault('T006', 'Division by zero', site);
    const r = a % b;
    return r === 0 ? 0 : r; // no -0 for integers
  }
  if (isInt(a) && isInt(b)) {
    const y = toBig(b);
    if (y === 0n) fault('T006', 'Division by zero', site);
    return intFromBig(toBig(a) % y);
  }
  return binTypeError('%', a, b, site);
}

function numOp(op: '+' | '-' | '*', a: number | bigint | FloatBox, b: number | bigint | FloatBox, site: number): Value {
  if (isInt(a) && isInt(b)) return intOp(op, a, b, site);
  const x = toF64(a);
  const y = toF64(b);
  return float(op === '+' ? x + y : op === '-' ? x - y : x * y);
}

/** exact integer arithmetic with Tremor's u64 / i64 / f64 dispatch */
function intOp(op: '+' | '-' | '*', a: number | bigint, b: number | bigint, site: number): Value {
  const x = toBig(a);
  const y = toBig(b);
  const r = op === '+' ? x + y : op === '-' ? x - y : x * y;
  if (x >= 0n && y >= 0n) {
    // u64 arithmetic; u64 subtraction may go negative down to i64::MIN
    if (r > U64_MAX || r < I64_MIN) overflow(op, site);
    return intFromBig(r);
  }
  if (x >= I64_MIN && x <= I64_MAX && y >= I64_MIN && y <= I64_MAX) {
    if (r > I64_MAX || r < I64_MIN) overflow(op, site);
    return intFromBig(r);
  }
  // a u64 beyond i64::MAX with a negative integer fits neither view: float math
  const fx = Number(x);
  const fy = Number(y);
  return float(op === '+' ? fx + fy : op === '-' ? fx - fy : fx * fy);
}

// ---------------------------------------------------------------------------- bits

const I32_MAX = 2147483647;
const I32_MIN = -2147483648;

export function band(a: Value, b: Value, site: number): Value {
  if (typeof a === 'number' && typeof b === 'number' && a <= I32_MAX && a >= I32_MIN && b <= I32_MAX && b >= I32_MIN && Number.isInteger(a) && Number.isInteger(b)) return a & b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a && b;
  if (isInt(a) && isInt(b)) return bitResult(toBig(a) & toBig(b));
  return binTypeError('&', a, b, site);
}

export function bxor(a: Value, b: Value, site: number): Value {
  if (typeof a === 'number' && typeof b === 'number' && a <= I32_MAX && a >= I32_MIN && b <= I32_MAX && b >= I32_MIN && Number.isInteger(a) && Number.isInteger(b)) return a ^ b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a !== b;
  if (isInt(a) && isInt(b)) return bitResult(toBig(a) ^ toBig(b));
  return binTypeError('^', a, b, site);
}

function bitResult(r: bigint): number | bigint {
  return intFromBig(inIntRange(r) ? r : BigInt.asIntN(64, r));
}

function shiftAmount(b: Value, site: number): number {
  if (!isInt(b)) return -1;
  const n = toBig(b);
  if (n < 0n || n > 63n) fault('T007', 'RHS value is larger than or equal to the number of bits in LHS value', site);
  return Number(n);
}

export function shl(a: Value, b: Value, site: number): Value {
  const n = shiftAmount(b, site);
  if (n < 0 || !isInt(a)) return binTypeError('<<', a, b, site);
  const x = toBig(a);
  return intFromBig(x >= 0n ? BigInt.asUintN(64, x << BigInt(n)) : BigInt.asIntN(64, x << BigInt(n)));
}

export function shr(a: Value, b: Value, site: number): Value {
  const n = shiftAmount(b, site);
  if (n < 0 || !isInt(a)) return binTypeError('>>', a, b, site);
  if (typeof a === 'number' && a >= 0 && a <= I32_MAX) return a >> n;
  return intFromBig(toBig(a) >> BigInt(n));
}

export function ushr(a: Value, b: Value, site: number): Value {
  const n = shiftAmount(b, site);
  if (n < 0 || !isInt(a)) return binTypeError('>>>', a, b, site);
  const x = toBig(a);
  if (x >= 0n) return intFromBig(x >> BigInt(n));
  return intFromBig(BigInt.asIntN(64, BigInt.asUintN(64, x) >> BigInt(n)));
}

// ---------------------------------------------------------------------------- comparisons

/** ordering of two comparable values, or a type error (bools, null, arrays, records) */
export function compare(op: string, a: Value, b: Value, site: number): number {
  if (isNumber(a) && isNumber(b)) return compareNumbers(a, b);
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if ((typeof a === 'string' || a instanceof Uint8Array) && (typeof b === 'string' || b instanceof Uint8Array)) {
    return compareBytes(typeof a === 'string' ? stringBytes(a) : a, typeof b === 'string' ? stringBytes(b) : b);
  }
  return binTypeError(op, a, b, site);
}

export function lt(a: Value, b: Value, site: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  return compare('<', a, b, site) < 0;
}

export function le(a: Value, b: Value, site: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a <= b;
  return compare('<=', a, b, site) <= 0;
}

export function gt(a: Value, b: Value, site: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a > b;
  return compare('>', a, b, site) > 0;
}

export function ge(a: Value, b: Value, site: number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a >= b;
  return compare('>=', a, b, site) >= 0;
}

// ---------------------------------------------------------------------------- unary

function unaryError(op: string, a: Value, site: number): never {
  return fault('T002', `The unary operation \`${op}\` is not defined for the type \`${typeName(a)}\``, site);
}

export function neg(a: Value, site: number): Value {
  if (typeof a === 'number') return Number.isInteger(a) ? (a === 0 ? 0 : -a) : -a;
  if (a instanceof FloatBox) return new FloatBox(-a.fv);
  if (typeof a === 'bigint') {
    const r = -a;
    if (r < I64_MIN) fault('T005', 'The unary operation `-` caused an over- or underflow', site);
    return intFromBig(r);
  }
  return unaryError('-', a, site);
}

export function plus(a: Value, site: number): Value {
  if (isNumber(a)) return a;
  return unaryError('+', a, site);
}

export function not(a: Value, site: number): boolean {
  if (typeof a === 'boolean') return !a;
  return unaryError('not', a, site);
}

/** `!`: logical not on bools, bitwise complement on integers in the value's own width */
export function bitNot(a: Value, site: number): Value {
  if (typeof a === 'boolean') return !a;
  if (isInt(a)) {
    const x = toBig(a);
    return intFromBig(x >= 0n ? U64_MAX - x : -x - 1n);
  }
  return unaryError('!', a, site);
}

/** a condition (where, having, guards): must be a bool */
export function truth(v: Value, site: number): boolean {
  if (v === true) return true;
  if (v === false) return false;
  return fault('T003', `Conflicting types, got ${typeName(v)} but expected bool`, site);
}
