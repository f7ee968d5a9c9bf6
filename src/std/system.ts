/**
 * tremor::system (reference §8.12). `ingest_ns` and `instance` come from the evaluation
 * context; `nanotime` and `hostname` ask the operating system and so are never folded at
 * compile time.
 */
import { hostname } from 'node:os';
import { intFromBig } from '../runtime/value.js';
import { fn, module, type EvalCtx, type StdModule } from './registry.js';

/** the Tremor release whose language this implementation follows (DECISIONS.md) */
const TREMOR_VERSION = '0.12.4';

/**
 * Wall-clock nanoseconds since the epoch. `Date.now()` has only millisecond resolution;
 * `timeOrigin + now()` adds the sub-millisecond part of the high-resolution clock.
 */
function nanotime() {
  const ms = performance.timeOrigin + performance.now();
  const whole = Math.floor(ms);
  return intFromBig(BigInt(whole) * 1_000_000n + BigInt(Math.floor((ms - whole) * 1e6)));
}

export const system: StdModule = module([
  fn('system::hostname', () => hostname(), { pure: false }),
  fn('system::ingest_ns', (ctx: EvalCtx) => ctx.ingestNs, { ctx: true }),
  fn('system::instance', (ctx: EvalCtx) => ctx.instance, { ctx: true }),
  fn('system::nanotime', nanotime, {
    pure: false,
    warning: {
      class: 'performance',
      message: "`nanotime` requires a call to the operating system's time subsystem for each invocation, using `ingest_ns` as an alternative where possible is preferable.",
    },
  }),
  fn('system::version', () => TREMOR_VERSION),
]);
