/**
 * An HDR histogram with 2 significant digits over u64 values, laid out as the Rust
 * `hdrhistogram` crate lays it out for `Histogram::new_with_bounds(1, …, 2)` (what
 * `aggr::stats::hdr` uses), so that every statistic it reports is the one Tremor reports.
 *
 * Two significant digits need 200 distinct steps per power of two, rounded up to 256
 * sub-buckets. Bucket 0 holds the values 0–255 exactly; bucket b ≥ 1 holds
 * [128·2^b, 256·2^b) in 128 sub-buckets of width 2^b (its lower half would repeat bucket
 * b − 1, so it is not stored). The flat counts index of a value is therefore `v` below 256
 * and `b·128 + (v >> b)` above; u64::MAX lands on index 56·128 + 255. The crate's
 * auto-resizing upper bound only decides how long its counts array is, never what is
 * reported, so the array here simply grows to the highest index recorded.
 */

const SUB_HALF = 128;
const SUB_COUNT = 256;
/** index of u64::MAX: bucket 56, sub-bucket 255 */
const MAX_INDEX = 56 * SUB_HALF + SUB_COUNT - 1;
const TWO_64 = 2 ** 64;

/** the counts index of a truncated, non-negative value (`as u64` already saturated it) */
export function indexOf(v: number): number {
  if (v < SUB_COUNT) return v;
  if (v >= TWO_64) return MAX_INDEX;
  // log2 may round across a power of two near 2^53 and up; correct it by one
  let e = Math.floor(Math.log2(v));
  if (2 ** e > v) e--;
  else if (2 ** (e + 1) <= v) e++;
  const b = e - 7;
  return b * SUB_HALF + Math.floor(v / 2 ** b);
}

/** bucket and sub-bucket of an index (value_for in the crate) */
function loc(i: number): [number, number] {
  if (i < SUB_COUNT) return [0, i];
  return [(i >> 7) - 1, (i & (SUB_HALF - 1)) + SUB_HALF];
}

/** an exact integer value; above 2^52 the arithmetic moves to bigint so nothing rounds */
function exact(sub: number, b: number, plus: number): number | bigint {
  if (b <= 44) return sub * 2 ** b + plus;
  const big = (BigInt(sub) << BigInt(b)) + BigInt(plus);
  return big <= 9007199254740991n ? Number(big) : big;
}

/** the smallest value counted at index i */
export function lowestAt(i: number): number | bigint {
  const [b, sub] = loc(i);
  return exact(sub, b, 0);
}

/** the largest value counted at index i (what the crate reports for max and percentiles) */
export function highestAt(i: number): number | bigint {
  const [b, sub] = loc(i);
  if (b === 0) return sub;
  // plus = 2^b − 1 is only exact below 2^53: build it in bigint for the top buckets
  if (b > 44) {
    const big = (BigInt(sub + 1) << BigInt(b)) - 1n;
    return big <= 9007199254740991n ? Number(big) : big;
  }
  return exact(sub, b, 2 ** b - 1);
}

/** the middle of index i's range, as a float (median_equivalent as f64) */
function medianAt(i: number): number {
  const [b, sub] = loc(i);
  // sub·2^b + 2^(b−1) has at most 9 significant bits, so the float is exact
  return sub * 2 ** b + (b === 0 ? 0 : 2 ** (b - 1));
}

export class HdrHistogram {
  /** counts by index; grown on demand, holes are 0 */
  private counts: number[] = [];
  total = 0;
  /** index of the smallest non-zero value recorded, -1 when none */
  private minNz = -1;
  /** index of the largest value recorded, -1 when none */
  private maxIdx = -1;

  /** records one truncated, non-negative value */
  record(v: number): void {
    this.recordIndex(indexOf(v), 1);
  }

  private recordIndex(i: number, n: number): void {
    const c = this.counts;
    while (c.length <= i) c.push(0);
    c[i] += n;
    this.total += n;
    if (i > this.maxIdx) this.maxIdx = i;
    // index 0 is exactly the value 0, which min_nz leaves out
    if (i > 0 && (this.minNz < 0 || i < this.minNz)) this.minNz = i;
  }

  /** adds another histogram's counts (Histogram::add) */
  add(o: HdrHistogram): void {
    for (let i = 0; i < o.counts.length; i++) if (o.counts[i] !== 0) this.recordIndex(i, o.counts[i]);
  }

  clone(): HdrHistogram {
    const h = new HdrHistogram();
    h.add(this);
    return h;
  }

  /** 0 when a zero was recorded or nothing was, else the lowest equivalent of the smallest */
  min(): number | bigint {
    if (this.total === 0 || this.counts[0] > 0) return 0;
    return lowestAt(this.minNz);
  }

  max(): number | bigint {
    return this.maxIdx < 0 ? 0 : highestAt(this.maxIdx);
  }

  /** the crate's fold: each bucket contributes median · count / total, in index order */
  mean(): number {
    if (this.total === 0) return 0;
    let m = 0;
    for (let i = 0; i < this.counts.length; i++) {
      if (this.counts[i] !== 0) m += (medianAt(i) * this.counts[i]) / this.total;
    }
    return m;
  }

  /** population standard deviation around `mean()` over bucket medians */
  stdev(): number {
    if (this.total === 0) return 0;
    const mean = this.mean();
    let gdt = 0;
    for (let i = 0; i < this.counts.length; i++) {
      if (this.counts[i] === 0) continue;
      const dev = medianAt(i) - mean;
      gdt += dev * dev * this.counts[i];
    }
    return Math.sqrt(gdt / this.total);
  }

  /** value_at_percentile(p): the crate divides by 100 again, and so must we, bit for bit */
  valueAtPercentile(percentile: number): number | bigint {
    let q = percentile / 100;
    if (q > 1) q = 1;
    // `as u64` saturates: negative and NaN counts become 0, then at least the first entry
    const f = Math.ceil(q * this.total);
    const target = f > 0 ? f : 1;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= target) return q === 0 ? lowestAt(i) : highestAt(i);
    }
    return 0;
  }
}
