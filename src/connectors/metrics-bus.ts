/**
 * The metrics channel of a deployment: Tremor's internal metrics (connector and pipeline event
 * counts, custom metrics written into a `metrics` connector) are published here, and every
 * `metrics` connector source receives all of them.
 *
 * Tremor's channel is a broadcast channel: publishing never waits, and a receiver that lags
 * behind loses the oldest messages rather than holding anyone back. Subscribers here are
 * callbacks that must not block; the `metrics` source keeps a bounded queue of its own and
 * drops the oldest message when its consumer is too slow (metrics.ts).
 *
 * A metric is `{"measurement": s, "tags": {…}, "fields": {…}, "timestamp": ns}` (Tremor's
 * `value` / `value_count` in tremor-pipeline/src/metrics.rs).
 */
import type { Origin } from '../runtime/origin.js';
import type { Rec, Value } from '../runtime/value.js';

/** `origin`: where a custom metric came from (the event written into a metrics sink) */
export type MetricsListener = (metric: Value, origin: Origin | null) => void;

export class MetricsBus {
  private readonly listeners = new Set<MetricsListener>();

  /** hands `metric` to every subscriber; nothing waits for them */
  publish(metric: Value, origin: Origin | null = null): void {
    for (const l of this.listeners) l(metric, origin);
  }

  /** `listener` receives every metric published from now on; returns the unsubscribe */
  subscribe(listener: MetricsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** whether anyone listens: reporters skip building metrics nobody reads */
  get listened(): boolean {
    return this.listeners.size > 0;
  }
}

/** Tremor's `value`: one measurement with its tags and fields at `timestamp` (ns) */
export function metricValue(measurement: string, tags: Rec, fields: Rec, timestamp: bigint | number): Rec {
  return { measurement, tags, fields, timestamp };
}

/** Tremor's `value_count`: `fields` is `{"count": n}` */
export function metricCount(measurement: string, tags: Rec, count: number, timestamp: bigint | number): Rec {
  return metricValue(measurement, tags, { count }, timestamp);
}
