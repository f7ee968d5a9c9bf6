/**
 * A DDSketch as the Rust `sketches-ddsketch` crate (0.1.x, Tremor 0.12's dependency) builds
 * it with `Config::defaults()`: relative accuracy α = 0.01, at most 2048 bins, values within
 * ±1e-9 of zero share key 0. A value v > 0 goes to key ⌈ln v / ln γ⌉ + offset with
 * γ = 1 + 2α/(1 − α); a quantile is reported as 2γ^k/(1 + γ) for its bin, clamped to the
 * exact min and max, which keeps the relative error within α.
 *
 * The store is a dense window of bins over [minKey, maxKey]. When the keys span more than
 * 2048 bins the lowest ones collapse into the first bin, as the crate does (high quantiles
 * stay accurate, the lowest lose precision). The crate panics on two window shapes it did
 * not foresee (a grow-right that collapses a short store, a merge into a collapsed store);
 * here both do what the surrounding code evidently intends: collapse into the first bin.
 */

const ALPHA = 0.01;
const MAX_BINS = 2048;
const INITIAL_BINS = 128;
const GROW_LEFT_BY = 128;
const MIN_VALUE = 1e-9;
const GAMMA = 1 + (2 * ALPHA) / (1 - ALPHA);
const GAMMA_LN = Math.log1p((2 * ALPHA) / (1 - ALPHA));
/** `1 - (log_gamma(min_value) as i32)`: the cast truncates toward zero */
const OFFSET = 1 - Math.trunc(Math.log(MIN_VALUE) / GAMMA_LN);
const I32_MAX = 2147483647;

/** the bin key of a value (Config::key); `as i32` saturates */
function keyOf(v: number): number {
  const sat = (x: number) => Math.min(I32_MAX, Math.max(-I32_MAX - 1, x));
  if (v < -MIN_VALUE) return -sat(Math.ceil(Math.log(-v) / GAMMA_LN)) - OFFSET;
  if (v > MIN_VALUE) return sat(Math.ceil(Math.log(v) / GAMMA_LN)) + OFFSET;
  return 0;
}

const powGamma = (k: number): number => Math.exp(k * GAMMA_LN);

class Store {
  /** bins[i] counts key minKey + i; always maxKey − minKey + 1 long */
  bins: number[] = new Array<number>(INITIAL_BINS).fill(0);
  count = 0;
  minKey = 0;
  maxKey = 0;

  add(key: number): void {
    if (this.count === 0) {
      this.maxKey = key;
      this.minKey = key - this.bins.length + 1;
    }
    if (key < this.minKey) this.growLeft(key);
    else if (key > this.maxKey) this.growRight(key);
    this.bins[Math.max(key - this.minKey, 0)]++;
    this.count++;
  }

  keyAtRank(rank: number): number {
    let n = 0;
    for (let i = 0; i < this.bins.length; i++) {
      n += this.bins[i];
      if (n >= rank) return i + this.minKey;
    }
    return this.maxKey;
  }

  /**
   * Moves the window to [lo, hi]: counts of keys below lo collapse into the first bin, keys
   * above hi cannot exist (callers only grow upwards).
   */
  private reshape(lo: number, hi: number): void {
    const bins = new Array<number>(hi - lo + 1).fill(0);
    for (let i = 0; i < this.bins.length; i++) {
      const c = this.bins[i];
      if (c !== 0) bins[Math.max(i + this.minKey - lo, 0)] += c;
    }
    this.bins = bins;
    this.minKey = lo;
    this.maxKey = hi;
  }

  /** extends downwards in steps of 128, never past 2048 bins (then keys collapse instead) */
  private growLeft(key: number): void {
    if (this.minKey < key || this.bins.length >= MAX_BINS) return;
    let lo: number;
    if (this.maxKey - key >= MAX_BINS) lo = this.maxKey - MAX_BINS + 1;
    else {
      lo = this.minKey;
      while (lo > key) lo -= GROW_LEFT_BY;
    }
    this.reshape(lo, this.maxKey);
  }

  /** extends upwards to key; beyond 2048 bins the lowest keys collapse into the first bin */
  private growRight(key: number): void {
    if (this.maxKey > key) return;
    this.reshape(key - this.minKey >= MAX_BINS ? key - MAX_BINS + 1 : this.minKey, key);
  }

  merge(o: Store): void {
    if (o.count === 0) return;
    if (this.count === 0) {
      this.bins = o.bins.slice();
      this.minKey = o.minKey;
      this.maxKey = o.maxKey;
      this.count = o.count;
      return;
    }
    if (this.maxKey > o.maxKey) {
      if (o.minKey < this.minKey) this.growLeft(o.minKey);
    } else if (o.minKey < this.minKey) {
      // the other's window covers ours: take it, then add ours in
      const mine = this.bins;
      const mineMin = this.minKey;
      this.bins = o.bins.slice();
      this.minKey = o.minKey;
      this.maxKey = o.maxKey;
      for (let i = 0; i < mine.length; i++) this.bins[i + mineMin - this.minKey] += mine[i];
      this.count += o.count;
      return;
    } else this.growRight(o.maxKey);
    for (let i = 0; i < o.bins.length; i++) {
      const c = o.bins[i];
      if (c !== 0) this.bins[Math.max(i + o.minKey - this.minKey, 0)] += c;
    }
    this.count += o.count;
  }
}

export class DDSketch {
  private store = new Store();
  min = Infinity;
  max = -Infinity;
  sum = 0;

  get count(): number {
    return this.store.count;
  }

  add(v: number): void {
    this.store.add(keyOf(v));
    if (v < this.min) this.min = v;
    if (this.max < v) this.max = v;
    this.sum += v;
  }

  /** the q-quantile, null when empty; throws a RangeError outside [0, 1] (the crate's Err) */
  quantile(q: number): number | null {
    if (q < 0 || q > 1) throw new RangeError('Invalid quantile, must be between 0 and 1 (inclusive)');
    if (this.count === 0) return null;
    if (q === 0) return this.min;
    if (q === 1) return this.max;
    // `as u64` truncates (and turns NaN into 0)
    const rank = Math.trunc(q * (this.count - 1) + 1) || 0;
    let key = this.store.keyAtRank(rank);
    let v: number;
    if (key < 0) {
      key += OFFSET;
      v = (-2 * powGamma(-key)) / (1 + GAMMA);
    } else if (key > 0) {
      key -= OFFSET;
      v = (2 * powGamma(key)) / (1 + GAMMA);
    } else v = 0;
    return v < this.min ? this.min : v > this.max ? this.max : v;
  }

  merge(o: DDSketch): void {
    const wasEmpty = this.store.count === 0;
    this.store.merge(o.store);
    if (wasEmpty) {
      this.min = o.min;
      this.max = o.max;
    } else if (o.store.count > 0) {
      if (o.min < this.min) this.min = o.min;
      if (o.max > this.max) this.max = o.max;
    }
    this.sum += o.sum;
  }

  clone(): DDSketch {
    const d = new DDSketch();
    d.merge(this);
    return d;
  }
}
