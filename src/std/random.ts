/**
 * std::random (reference §8.8). As in Tremor, every call seeds a fresh generator with the
 * event's ingest time, so repeated calls within one event return the same value and results
 * are reproducible per timestamp. The generator is splitmix64 (Tremor uses Rust's SmallRng,
 * whose exact values are not part of the contract); ranges are mapped with a 64×64→128-bit
 * multiply so they are unbiased enough without rejection loops.
 */
import { I64_MAX, float, intFromBig, isInt, isNumber, toBig, toF64, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type EvalCtx, type StdModule } from './registry.js';

const M64 = (1n << 64n) - 1n;

/** a splitmix64 stream; its state lives in the closure of one call */
function generator(ctx: EvalCtx): () => bigint {
  let s = BigInt.asUintN(64, toBig(ctx.ingestNs));
  return () => {
    s = (s + 0x9e3779b97f4a7c15n) & M64;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    return z ^ (z >> 31n);
  };
}

/** uniform in [0, n) for 0 < n <= 2^64 */
function below(next: () => bigint, n: bigint): bigint {
  return (next() * n) >> 64n;
}

/** uniform in [0, 1) with 53 random bits */
function unit(next: () => bigint): number {
  return Number(next() >> 11n) / 2 ** 53;
}

function randomInteger(ctx: EvalCtx, ...args: Value[]): Value {
  const f = 'random::integer';
  const next = generator(ctx);
  if (args.length === 0) return intFromBig(BigInt.asIntN(64, next()));
  if (args.length === 1) {
    const [max] = args;
    if (!isInt(max) || toBig(max) < 0n) return badType(f, 1);
    if (toBig(max) === 0n) return fnError(f, 1, 'Invalid arguments. Single argument value must be > 0.');
    return intFromBig(below(next, toBig(max)));
  }
  const [lo, hi] = args;
  if (!isInt(lo) || !isInt(hi) || toBig(lo) > I64_MAX || toBig(hi) > I64_MAX) return badType(f, 2);
  const a = toBig(lo);
  const b = toBig(hi);
  if (a >= b) return fnError(f, 2, 'Invalid arguments. First argument must be lower than second argument');
  return intFromBig(a + below(next, b - a));
}

function randomFloat(ctx: EvalCtx, ...args: Value[]): Value {
  const f = 'random::float';
  const next = generator(ctx);
  if (args.length === 0) return float(unit(next));
  if (args.length === 1) {
    const [max] = args;
    if (!isNumber(max)) return badType(f, 1);
    const m = toF64(max);
    if (!(m > 0)) return fnError(f, 1, 'Invalid arguments. Single argument value must be > 0.0.');
    const r = unit(next) * m;
    // rounding can land on the excluded bound
    return float(r < m ? r : 0);
  }
  const [lo, hi] = args;
  if (!isNumber(lo) || !isNumber(hi)) return badType(f, 2);
  const a = toF64(lo);
  const b = toF64(hi);
  if (!(a < b)) return fnError(f, 2, 'Invalid arguments. First argument must be lower than second argument');
  const r = a + unit(next) * (b - a);
  return float(r < b ? r : a);
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomString(ctx: EvalCtx, len: Value): Value {
  const f = 'random::string';
  if (typeof len !== 'number' || !Number.isInteger(len) || len < 0) return badType(f, 1);
  const next = generator(ctx);
  let out = '';
  for (let i = 0; i < len; i++) out += ALNUM[Number(below(next, 62n))];
  return out;
}

export const random: StdModule = module([
  fn('random::bool', (ctx: EvalCtx) => (generator(ctx)() & 1n) === 1n, { ctx: true }),
  fn('random::string', randomString, { ctx: true }),
  fn('random::integer', randomInteger, { ctx: true, min: 0, max: 2 }),
  fn('random::float', randomFloat, { ctx: true, min: 0, max: 2 }),
]);
