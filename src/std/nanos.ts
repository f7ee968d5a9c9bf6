/**
 * std::time::nanos (reference §8.9). `from_*` multiply with Tremor's `*` (integers stay
 * integers, overflow is an error), `to_*` divide with `/` and so always return a float, and
 * `truncate_*` round an integer timestamp down to a whole unit (towards negative infinity,
 * so negative timestamps truncate to the earlier boundary).
 */
import { div, mul } from '../runtime/arith.js';
import { I64_MIN, U64_MAX, intFromBig, isInt, isNumber, toBig, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdFn, type StdModule } from './registry.js';

const MICROSECOND = 1_000;
const MILLISECOND = MICROSECOND * 1_000;
const SECOND = MILLISECOND * 1_000;
const MINUTE = SECOND * 60;
const HOUR = MINUTE * 60;
const DAY = HOUR * 24;
const WEEK = DAY * 7;

const PER: [string, string, number][] = [
  ['weeks', 'WEEK', WEEK],
  ['days', 'DAY', DAY],
  ['hours', 'HOUR', HOUR],
  ['minutes', 'MINUTE', MINUTE],
  ['seconds', 'SECOND', SECOND],
  ['millis', 'MILLISECOND', MILLISECOND],
  ['micros', 'MICROSECOND', MICROSECOND],
];

function from(unit: string, factor: number): StdFn {
  const f = `nanos::from_${unit}`;
  return fn(f, (n: Value) => (isNumber(n) ? mul(n, factor, -1) : badType(f, 1)));
}

function to(unit: string, factor: number): StdFn {
  const f = `nanos::to_${unit}`;
  return fn(f, (n: Value) => (isNumber(n) ? div(n, factor, -1) : badType(f, 1)));
}

function truncate(unit: string, factor: number): StdFn {
  const f = `nanos::truncate_${unit}`;
  const u = BigInt(factor);
  return fn(f, (n: Value) => {
    if (!isInt(n)) return badType(f, 1);
    if (typeof n === 'number' && n >= 0) return n - (n % factor);
    const x = toBig(n);
    const r = x - (((x % u) + u) % u);
    if (r < I64_MIN || r > U64_MAX) return fnError(f, 1, 'the result is out of the integer range');
    return intFromBig(r);
  });
}

const consts: Record<string, Value> = Object.fromEntries(PER.map(([, name, factor]) => [`NANOS_PER_${name}`, factor]));

export const nanos: StdModule = module(
  [...PER.map(([unit, , factor]) => from(unit, factor)), ...PER.map(([unit, , factor]) => to(unit, factor)), ...PER.filter(([unit]) => unit !== 'weeks').map(([unit, , factor]) => truncate(unit, factor))],
  consts,
);
