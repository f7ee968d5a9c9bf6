/**
 * The bench connector's latency histogram: an HDR histogram laid out as the Rust
 * `hdrhistogram` crate lays out `Histogram::new_with_bounds(1, 100_000_000_000, figures)`
 * (what Tremor's bench sink records into), with the crate's quantile iteration, so that the
 * report has Tremor's rows, buckets and statistics.
 *
 * With `f` significant figures, values below 2·10^f are exact: the first bucket holds
 * `subBucketCount` = 2^ceil(log2(2·10^f)) values one apart; bucket b ≥ 1 holds
 * [half·2^b, 2·half·2^b) in `half` sub-buckets of width 2^b (its lower half would repeat
 * bucket b − 1, so it is not stored). The flat index of v is (b + 1)·half + (v >> b) − half.
 * Values above the upper bound are refused, as the crate refuses them.
 *
 * Iteration (`quantiles`) is the crate's: indices in order, each revisited while the quantile
 * to iterate to is at or below the quantile of the counts so far; the step is fixed within each
 * half of the remaining distance to 1 (`ticksPerHalf` steps per half), and the last recorded
 * value is visited once more at quantile 1.
 */

export const HIGHEST = 100_000_000_000;

export interface QuantileRow {
  /** the highest value equivalent to the index's (what the crate reports) */
  value: number;
  /** the quantile of the counts up to this index */
  quantile: number;
  /** the quantile this step iterated to */
  quantileTo: number;
  /** values counted since the previous row */
  countSince: number;
}

export class BenchHistogram {
  private readonly halfMag: number;
  private readonly half: number;
  private readonly subBucketCount: number;
  readonly buckets: number;
  private readonly counts: Float64Array;
  total = 0;
  private maxValue = 0;

  constructor(figures = 2) {
    const f = Math.min(Math.max(figures, 0), 5);
    const countMag = Math.ceil(Math.log2(2 * 10 ** f));
    this.halfMag = Math.max(countMag, 1) - 1;
    this.subBucketCount = 2 ** (this.halfMag + 1);
    this.half = this.subBucketCount / 2;
    let untrackable = this.subBucketCount;
    let buckets = 1;
    while (untrackable <= HIGHEST) {
      untrackable *= 2;
      buckets++;
    }
    this.buckets = buckets;
    this.counts = new Float64Array((buckets + 1) * this.half);
  }

  /** the number of counters: the crate's `distinct_values` */
  get subBuckets(): number {
    return this.counts.length;
  }

  /** the smallest b with v < subBucketCount · 2^b */
  private bucketOf(v: number): number {
    if (v < this.subBucketCount) return 0;
    // below 2^32 (4.3 s in ns: nearly every latency) the exact log2 is a count of leading zeros
    if (v < 0x1_0000_0000) return Math.max(0, 31 - Math.clz32(v) - this.halfMag);
    let b = Math.floor(Math.log2(v)) - this.halfMag;
    // log2 may round across a power of two: settle on the exact bucket
    while (b > 0 && v < this.subBucketCount * 2 ** (b - 1)) b--;
    while (v >= this.subBucketCount * 2 ** b) b++;
    return b;
  }

  private indexOf(v: number): number {
    const b = this.bucketOf(v);
    return (b + 1) * this.half + Math.floor(v / 2 ** b) - this.half;
  }

  /** the lowest value counted at index i */
  private valueAt(i: number): number {
    let b = Math.floor(i / this.half) - 1;
    let sub = (i % this.half) + this.half;
    if (b < 0) {
      sub -= this.half;
      b = 0;
    }
    return sub * 2 ** b;
  }

  private rangeOf(v: number): number {
    return 2 ** this.bucketOf(v);
  }

  private lowest(v: number): number {
    const r = this.rangeOf(v);
    return Math.floor(v / r) * r;
  }

  private highest(v: number): number {
    return this.lowest(v) + this.rangeOf(v) - 1;
  }

  private median(v: number): number {
    return this.lowest(v) + Math.floor(this.rangeOf(v) / 2);
  }

  /** records a non-negative value; false (nothing recorded) above the histogram's bound */
  record(value: number): boolean {
    const v = Math.max(0, Math.round(value));
    if (v > HIGHEST) return false;
    this.counts[this.indexOf(v)]++;
    this.total++;
    if (v > this.maxValue) this.maxValue = v;
    return true;
  }

  max(): number {
    return this.maxValue === 0 ? 0 : this.highest(this.maxValue);
  }

  /** the crate's mean: each recorded index counts with the median of its range */
  mean(): number {
    if (this.total === 0) return 0;
    let m = 0;
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] !== 0) m += (this.median(this.valueAt(i)) * this.counts[i]) / this.total;
    return m;
  }

  stdev(): number {
    if (this.total === 0) return 0;
    const mean = this.mean();
    let sum = 0;
    for (let i = 0; i < this.counts.length; i++) {
      if (this.counts[i] === 0) continue;
      const dev = this.median(this.valueAt(i)) - mean;
      sum += dev * dev * this.counts[i];
    }
    return Math.sqrt(sum / this.total);
  }

  /** the value at or below which `q` (0–1) of the recorded values lie */
  valueAtQuantile(q: number): number {
    if (this.total === 0) return 0;
    const target = Math.max(1, Math.ceil(Math.min(q, 1) * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= target) return this.highest(this.valueAt(i));
    }
    return this.max();
  }

  /** `iter_quantiles(ticksPerHalf)` of the crate */
  quantiles(ticksPerHalf: number): QuantileRow[] {
    const rows: QuantileRow[] = [];
    const total = this.total;
    if (total === 0) return rows;
    let index = 0;
    let toIndex = 0;
    let prev = 0;
    let fresh = true;
    let q = 0;
    let reachedEnd = false;
    const pick = (running: number, count: number): number | null => {
      if (count === 0 || running / total < q || reachedEnd) return null;
      if (q === 1) {
        reachedEnd = true;
        return 1;
      }
      const halvings = Math.floor(Math.log2(1 / (1 - q)));
      const step = 1 / (ticksPerHalf * 2 ** (halvings + 1));
      const at = q;
      q = q + step === q ? 1 : q + step;
      return at;
    };
    while (index < this.counts.length) {
      if (prev === total) {
        // every count was yielded: one more row at quantile 1, unless that was the last one
        if (reachedEnd) break;
        q = 1;
      } else if (fresh) {
        toIndex += this.counts[index];
        fresh = false;
      }
      const at = pick(toIndex, this.counts[index]);
      if (at !== null) {
        rows.push({ value: this.highest(this.valueAt(index)), quantile: toIndex / total, quantileTo: at, countSince: toIndex - prev });
        prev = toIndex;
        continue;
      }
      index++;
      fresh = true;
    }
    return rows;
  }
}
