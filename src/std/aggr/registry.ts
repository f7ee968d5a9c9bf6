/**
 * Aggregate functions (`aggr::stats::*`, `aggr::win::*`, reference §7) as used by windowed
 * selects. Each call site gets one accumulator per group and window level: `init` creates it,
 * `accumulate` feeds one event's arguments, `emit` produces the value at window close, and
 * `merge` folds a lower tilt-frame level's accumulator into a higher one.
 */
import type { Value } from '../../runtime/value.js';

export interface Accumulator {
  accumulate(args: Value[]): void;
  emit(): Value;
  /** folds another accumulator of the same function into this one (tilt frames) */
  merge(other: Accumulator): void;
}

export interface AggrFn {
  /** `stats::count`, as Tremor prints it */
  readonly fullName: string;
  readonly minArity: number;
  readonly maxArity: number;
  init(): Accumulator;
}
