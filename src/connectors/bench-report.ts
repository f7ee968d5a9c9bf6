/**
 * The bench connector's report, in Tremor's two forms: text in the HdrHistogram
 * "percentile distribution" format (quantile rows, then mean, maximum and layout, then the
 * throughput), or with `structured` one JSON object. `runSecs` divides bytes and events for
 * the throughput (Tremor divides by `stop_after_secs`).
 */
import { stringify } from '../runtime/json.js';
import { FloatBox, type Rec } from '../runtime/value.js';
import type { BenchHistogram } from './bench-histogram.js';

export interface BenchFigures {
  histogram: BenchHistogram;
  /** bytes of the measured events, re-encoded with the connector's codec */
  bytes: number;
  /** measured events */
  count: number;
  runSecs: number;
}

const QUANTILE_DIGITS = 5;
const TICKS_PER_HALF = 2;

const right = (s: string, w: number) => s.padStart(w);
const left = (s: string, w: number) => s.padEnd(w);

/** Rust's `{:w.2}` of a number: floats with two decimals, integers as they are */
function fixed(x: number, w: number, integer = false): string {
  return right(integer ? String(x) : Number.isFinite(x) ? x.toFixed(2) : x > 0 ? 'inf' : 'NaN', w);
}

function extra(label1: string, v1: number, label2: string, v2: number, integers: [boolean, boolean]): string {
  return `#[${left(label1, 10)} = ${fixed(v1, 12, integers[0])}, ${left(label2, 14)} = ${fixed(v2, 12, integers[1])}]\n`;
}

function rate(x: number): string {
  return Number.isFinite(x) ? x.toFixed(1) : x > 0 ? 'inf' : 'NaN';
}

/** Tremor's text report */
export function reportText(f: BenchFigures): string {
  const h = f.histogram;
  let out = `${right('Value', 10)} ${right('Percentile', QUANTILE_DIGITS + 2)} ${right('TotalCount', 10)} ${right('1/(1-Percentile)', 14)}\n\n`;
  let sum = 0;
  for (const r of h.quantiles(TICKS_PER_HALF)) {
    sum += r.countSince;
    const inv = r.quantileTo < 1 ? right((1 / (1 - r.quantileTo)).toFixed(2), 14) : right('inf', 14);
    out += `${right(String(r.value), 12)} ${r.quantileTo.toFixed(QUANTILE_DIGITS)} ${right(String(sum), 10)} ${inv}\n`;
  }
  out += extra('Mean', h.mean(), 'StdDeviation', h.stdev(), [false, false]);
  out += extra('Max', h.max(), 'Total count', h.total, [true, true]);
  out += extra('Buckets', h.buckets, 'SubBuckets', h.subBuckets, [true, true]);
  out += `\n\nThroughput   (data): ${rate(f.bytes / f.runSecs / (1024 * 1024))} MB/s\nThroughput (events): ${rate(f.count / f.runSecs / 1000)}k events/s\n`;
  return out;
}

/** a float as a JSON float (`2.0`, not `2`) */
const float = (x: number) => (Number.isInteger(x) ? new FloatBox(x) : x);

/** Tremor's `structured` report: one JSON object */
export function reportJson(f: BenchFigures): string {
  const h = f.histogram;
  const quantiles = h.quantiles(TICKS_PER_HALF).map((r): Rec => ({ value: r.value, quantile: float(r.quantile), quantile_to: float(r.quantileTo) }));
  const report: Rec = {
    mean: float(h.mean()),
    stdev: float(h.stdev()),
    max: h.max(),
    count: h.total,
    buckets: h.buckets,
    subbuckets: h.subBuckets,
    bytes: f.bytes,
    throughput: { events_per_second: float(f.count / f.runSecs), bytes_per_second: float(f.bytes / f.runSecs) },
    quantiles,
  };
  return `${stringify(report)}\n`;
}
