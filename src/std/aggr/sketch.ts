/**
 * Percentile sketches: `aggr::stats::hdr(x[, percentiles])` and `aggr::stats::dds(x[,
 * percentiles])` (reference §7), following Tremor's `std_lib/aggr/stats.rs`.
 *
 * Both skip what they cannot use: non-numbers and negative numbers are ignored, not errors.
 * The percentile list (strings, e.g. `["0.5", "0.99"]`; non-strings in it are skipped) is
 * read from the first accumulation and kept; a string that is not a float is a runtime error.
 *
 * Both keep up to 8192 raw values before moving them into the sketch, as Tremor does: a
 * small group then costs a short array instead of a histogram. The raw values are only a
 * buffer: `emit` always reports from the sketch, so results do not depend on where the
 * switch happened.
 *
 * hdr truncates values to u64 (`as u64`: saturating, NaN → 0) and reports integers for
 * count, min, max and the percentiles (each a bucket's highest equivalent value, 2
 * significant digits, so 101 reads back as 101 but 1234 as 1239) and floats for mean, stdev
 * and var (population statistics over bucket midpoints). dds reports floats, each percentile
 * rounded up to one decimal place, and all zeros when nothing was accumulated.
 */
import { fault } from '../../runtime/fault.js';
import { float, isNumber, setKey, toF64, type Rec, type Value } from '../../runtime/value.js';
import { DDSketch } from './dds.js';
import { HdrHistogram } from './hdr.js';
import type { Accumulator } from './registry.js';

const MAX_CACHE = 8192;
const DEFAULT_PERCENTILES: readonly string[] = ['0.5', '0.9', '0.95', '0.99', '0.999', '0.9999', '0.99999'];

/** Rust's `str::parse::<f64>` grammar; JavaScript's Number() accepts more ("", "0x10", " 1") */
const RUST_FLOAT = /^[+-]?(?:inf|infinity|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)$/i;

function parseFloatRust(s: string): number | null {
  if (!RUST_FLOAT.test(s)) return null;
  const body = s.replace(/^[+-]/, '').toLowerCase();
  const sign = s.startsWith('-') ? -1 : 1;
  if (body === 'nan') return NaN;
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  return Number(s);
}

type Percentiles = [string, number][];

const defaults = (): Percentiles => DEFAULT_PERCENTILES.map((s) => [s, Number(s)]);

/** the second argument's percentile list, or null to keep the current one */
function percentilesOf(name: string, arg: Value | undefined): Percentiles | null {
  if (!Array.isArray(arg)) return null;
  const r: Percentiles = [];
  for (const v of arg) {
    if (typeof v !== 'string') continue;
    const p = parseFloatRust(v);
    if (p === null) {
      const why = v === '' ? 'cannot parse float from empty string' : 'invalid float literal';
      fault('R010', `Runtime error in function stats::${name}/2: Provided percentile '${v}' isn't a float: ${why}`);
    }
    r.push([v, p]);
  }
  return r;
}

/** the shared shape: percentiles fixed at the first accumulation, a raw buffer, a sketch */
abstract class Sketching<S> implements Accumulator {
  protected percentiles: Percentiles = defaults();
  private percentilesSet = false;
  protected cache: number[] = [];
  protected sketch: S | null = null;

  constructor(private readonly name: string) {}

  protected abstract fresh(): S;
  protected abstract add(s: S, v: number): void;
  protected abstract addAll(s: S, o: S): void;
  protected abstract copy(s: S): S;
  /** the value to record for an argument, or null to ignore it */
  protected abstract valueOf(x: number): number | null;

  accumulate(args: Value[]): void {
    if (!this.percentilesSet) {
      // a bad list fails before the flag is set, so the next event tries again (as Tremor)
      this.percentiles = percentilesOf(this.name, args[1]) ?? this.percentiles;
      this.percentilesSet = true;
    }
    const x = args[0];
    if (!isNumber(x)) return;
    const v = this.valueOf(toF64(x));
    if (v === null) return;
    if (this.sketch) this.add(this.sketch, v);
    else {
      this.cache.push(v);
      if (this.cache.length === MAX_CACHE) this.sketched();
    }
  }

  /** the sketch, created from the buffered values when needed */
  protected sketched(): S {
    if (!this.sketch) {
      const s = this.fresh();
      for (const v of this.cache) this.add(s, v);
      this.cache = [];
      this.sketch = s;
    }
    return this.sketch;
  }

  merge(other: Accumulator): void {
    const o = other as Sketching<S>;
    if (!this.percentilesSet) {
      this.percentiles = o.percentiles.slice();
      this.percentilesSet = true;
    }
    if (this.sketch && o.sketch) this.addAll(this.sketch, o.sketch);
    else if (this.sketch) for (const v of o.cache) this.add(this.sketch, v);
    else if (o.sketch) {
      // ours is still a buffer: start from a copy of theirs and add our values to it
      const s = this.copy(o.sketch);
      for (const v of this.cache) this.add(s, v);
      this.cache = [];
      this.sketch = s;
    } else {
      for (const v of o.cache) this.cache.push(v);
      if (this.cache.length > MAX_CACHE) this.sketched();
    }
  }

  abstract emit(): Value;
}

class Hdr extends Sketching<HdrHistogram> {
  constructor() {
    super('hdr');
  }
  protected fresh(): HdrHistogram {
    return new HdrHistogram();
  }
  protected add(s: HdrHistogram, v: number): void {
    s.record(v);
  }
  protected addAll(s: HdrHistogram, o: HdrHistogram): void {
    s.add(o);
  }
  protected copy(s: HdrHistogram): HdrHistogram {
    return s.clone();
  }
  /** `v as u64` truncates toward zero; NaN passes Tremor's `< 0` test and becomes 0 */
  protected valueOf(x: number): number | null {
    return x < 0 ? null : Number.isNaN(x) ? 0 : Math.trunc(x);
  }

  emit(): Value {
    const h = this.sketched();
    const p: Rec = {};
    for (const [k, q] of this.percentiles) setKey(p, k, h.valueAtPercentile(q * 100));
    const stdev = h.stdev();
    return {
      count: h.total,
      min: h.min(),
      max: h.max(),
      mean: float(h.mean()),
      stdev: float(stdev),
      var: float(stdev ** 2),
      percentiles: p,
    };
  }
}

class Dds extends Sketching<DDSketch> {
  constructor() {
    super('dds');
  }
  protected fresh(): DDSketch {
    return new DDSketch();
  }
  protected add(s: DDSketch, v: number): void {
    s.add(v);
  }
  protected addAll(s: DDSketch, o: DDSketch): void {
    s.merge(o);
  }
  protected copy(s: DDSketch): DDSketch {
    return s.clone();
  }
  protected valueOf(x: number): number | null {
    return x < 0 ? null : x;
  }

  emit(): Value {
    const s = this.sketched();
    const p: Rec = {};
    const count = s.count;
    if (count === 0) {
      for (const [k] of this.percentiles) setKey(p, k, float(0));
      return { count: 0, sum: float(0), min: float(0), max: float(0), mean: float(0), percentiles: p };
    }
    for (const [k, q] of this.percentiles) {
      let v: number | null;
      try {
        v = s.quantile(q);
      } catch {
        v = null;
      }
      if (v === null) fault('R010', `Runtime error in function stats::dds/2: Unable to calculate percentile '${q}'`);
      // rounded up to one decimal, "for equivalence with HDR's 2 digits" (Tremor)
      setKey(p, k, float(Math.ceil(v * 10) / 10));
    }
    return { count, sum: float(s.sum), min: float(s.min), max: float(s.max), mean: float(s.sum / count), percentiles: p };
  }
}

export const hdr = (): Accumulator => new Hdr();
export const dds = (): Accumulator => new Dds();
