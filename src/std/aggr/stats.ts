/**
 * `aggr::stats::*` (reference §7): count is an integer, everything else a float. Non-numbers
 * are errors, except for hdr and dds (src/std/aggr/sketch.ts) which skip them.
 */
import { fault } from '../../runtime/fault.js';
import { float, isNumber, toF64, typeName, type Value } from '../../runtime/value.js';
import type { Accumulator, AggrFn } from './registry.js';
import { dds, hdr } from './sketch.js';

function num(name: string, v: Value): number {
  if (isNumber(v)) return toF64(v);
  return fault('T004', `Bad type passed to function stats::${name}/1: got ${typeName(v)}`);
}

class Count implements Accumulator {
  n = 0;
  accumulate(): void {
    this.n++;
  }
  emit(): Value {
    return this.n;
  }
  merge(o: Accumulator): void {
    this.n += (o as Count).n;
  }
}

class Sum implements Accumulator {
  s = 0;
  accumulate(args: Value[]): void {
    this.s += num('sum', args[0]);
  }
  emit(): Value {
    return float(this.s);
  }
  merge(o: Accumulator): void {
    this.s += (o as Sum).s;
  }
}

class Extreme implements Accumulator {
  v: number | null = null;
  constructor(private readonly max: boolean) {}
  accumulate(args: Value[]): void {
    const x = num(this.max ? 'max' : 'min', args[0]);
    if (this.v === null || (this.max ? x > this.v : x < this.v)) this.v = x;
  }
  emit(): Value {
    return float(this.v ?? 0);
  }
  merge(o: Accumulator): void {
    const x = (o as Extreme).v;
    if (x !== null && (this.v === null || (this.max ? x > this.v : x < this.v))) this.v = x;
  }
}

class Mean implements Accumulator {
  s = 0;
  n = 0;
  accumulate(args: Value[]): void {
    this.s += num('mean', args[0]);
    this.n++;
  }
  emit(): Value {
    return this.n === 0 ? null : float(this.s / this.n);
  }
  merge(o: Accumulator): void {
    this.s += (o as Mean).s;
    this.n += (o as Mean).n;
  }
}

/** sample variance with the shifted-data algorithm, as Tremor computes it */
class Variance implements Accumulator {
  n = 0;
  k = 0;
  ex = 0;
  ex2 = 0;
  constructor(private readonly sqrt: boolean) {}
  accumulate(args: Value[]): void {
    const x = num(this.sqrt ? 'stdev' : 'var', args[0]);
    if (this.n === 0) this.k = x;
    this.n++;
    this.ex += x - this.k;
    this.ex2 += (x - this.k) * (x - this.k);
  }
  emit(): Value {
    if (this.n === 0) return float(0);
    const v = (this.ex2 - (this.ex * this.ex) / this.n) / (this.n - 1);
    return float(this.sqrt ? Math.sqrt(v) : v);
  }
  merge(o: Accumulator): void {
    const x = o as Variance;
    if (x.n === 0) return;
    if (this.n === 0) this.k = x.k;
    this.n += x.n;
    this.ex += x.ex;
    this.ex2 += x.ex2;
  }
}

const def = (name: string, min: number, max: number, init: () => Accumulator): AggrFn => ({ fullName: `stats::${name}`, minArity: min, maxArity: max, init });

export const stats: Readonly<Record<string, AggrFn>> = Object.freeze({
  count: def('count', 0, 0, () => new Count()),
  sum: def('sum', 1, 1, () => new Sum()),
  min: def('min', 1, 1, () => new Extreme(false)),
  max: def('max', 1, 1, () => new Extreme(true)),
  mean: def('mean', 1, 1, () => new Mean()),
  var: def('var', 1, 1, () => new Variance(false)),
  stdev: def('stdev', 1, 1, () => new Variance(true)),
  hdr: def('hdr', 1, 2, hdr),
  dds: def('dds', 1, 2, dds),
});
