/**
 * `grouper::bucket`: rate limiting by class and dimensions, driven by metadata set upstream
 * (reference §9): `$class` (string), `$rate` (events per time range), optional `$dimensions`,
 * `$cardinality` (dimensions kept per class, least recently used evicted, default 1000),
 * `$time_range` (milliseconds, default 1000) and `$windows` (sub-windows of the time range,
 * default 100). Events within the rate go to `out`, the rest to `overflow`; an event without
 * class or rate goes to `error`. The limiter is a sliding window of `windows` buckets.
 */
import { ingestBig, withData } from '../../runtime/event.js';
import { stringifySorted } from '../../runtime/json.js';
import { schema } from '../../runtime/schema.js';
import { hasKey, type Rec } from '../../runtime/value.js';
import { defineOperator } from './operator.js';

class SlidingWindow {
  private readonly counts: number[];
  private readonly width: bigint;
  private total = 0;
  /** index of the bucket holding `start` */
  private start: bigint | null = null;
  /** where the current bucket ends */
  private end = 0n;
  private head = 0;

  constructor(
    private readonly max: number,
    timeRangeNs: bigint,
    windows: number,
  ) {
    this.counts = new Array(windows).fill(0);
    this.width = timeRangeNs / BigInt(windows) || 1n;
  }

  /** counts one event at time t; false when the window is full */
  inc(t: bigint): boolean {
    if (this.start === null) {
      this.start = t - (t % this.width);
      this.end = this.start + this.width;
    }
    // most events fall into the current bucket: one comparison, no bigint arithmetic
    if (t >= this.end) this.advance(t);
    if (this.total + 1 > this.max) return false;
    this.counts[this.head]++;
    this.total++;
    return true;
  }

  private advance(t: bigint): void {
    const start = this.start as bigint;
    const n = this.counts.length;
    const steps = (t - start) / this.width;
    if (steps > 0n) {
      const k = steps >= BigInt(n) ? n : Number(steps);
      for (let i = 0; i < k; i++) {
        this.head = (this.head + 1) % n;
        this.total -= this.counts[this.head];
        this.counts[this.head] = 0;
      }
      this.start = start + steps * this.width;
      this.end = this.start + this.width;
    }
  }
}

function num(meta: Rec, key: string, dflt: number | null): number | null {
  if (!hasKey(meta, key)) return dflt;
  const v = meta[key];
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : null;
  return typeof v === 'bigint' && v >= 0n ? Number(v) : null;
}

/** configured by each event's metadata, not by `with` */
export const bucket = defineOperator('grouper::bucket', schema({}), () => {
  const classes = new Map<string, Map<string, SlidingWindow>>();
  return {
    event(_port, ev, out) {
      const meta = ev.meta;
      const cls = hasKey(meta, 'class') ? meta.class : null;
      const rate = num(meta, 'rate', null);
      if (typeof cls !== 'string' || rate === null) {
        out.push('error', withData(ev, { error: 'grouper::bucket needs the metadata `$class` (a string) and `$rate` (an integer)', event: ev.data }));
        return;
      }
      let dims = classes.get(cls);
      if (!dims) {
        dims = new Map();
        classes.set(cls, dims);
      }
      const d = hasKey(meta, 'dimensions') ? meta.dimensions : null;
      // a string dimension is its own key (the common case); anything else its canonical JSON
      const key = typeof d === 'string' ? `s${d}` : `j${stringifySorted(d)}`;
      let w = dims.get(key);
      if (w) {
        // least recently used first: refresh the position
        dims.delete(key);
      } else {
        const timeRange = BigInt(num(meta, 'time_range', 1000) ?? 1000) * 1_000_000n;
        w = new SlidingWindow(rate, timeRange, Math.max(1, num(meta, 'windows', 100) ?? 100));
        const cardinality = num(meta, 'cardinality', 1000) ?? 1000;
        while (dims.size >= Math.max(1, cardinality)) dims.delete(dims.keys().next().value as string);
      }
      dims.set(key, w);
      const t = ingestBig(ev);
      out.push(w.inc(t) ? 'out' : 'overflow', ev);
    },
  };
});
