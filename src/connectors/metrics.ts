/**
 * metrics: Tremor's internal metrics as events, and custom metrics into the same channel.
 *
 * No config; structured (no codec). The source (`out`) emits every metric of the deployment's
 * metrics channel (metrics-bus.ts): connector event counts of connectors defined with
 * `metrics_interval_s`, pipeline node counts of pipelines with `#!config metrics_interval_s`,
 * and custom metrics. Each is an event whose payload is
 *
 *   {"measurement": "connector_events", "tags": {"flow": "main", "connector": "main::in",
 *    "port": "out"}, "fields": {"count": 12}, "timestamp": 1650402845610254000}
 *
 * The sink (`in`) takes custom metrics: each event must be a record with a string
 * `measurement`, record `tags` and `fields` and an integer `timestamp`, else it is dropped
 * and reported (`Invalid Metrics data`, Tremor's message); valid ones are published with the
 * event's origin (the source's own origin is `tremor-metrics://<hostname>`).
 *
 * ```tremor
 * use tremor::connectors;
 * create connector metrics from connectors::metrics;
 * connect /connector/metrics to /pipeline/handle_metrics;
 * ```
 *
 * Like Tremor's broadcast channel, a slow consumer never slows the producers: the source keeps
 * at most `QUEUE` metrics and drops the oldest beyond that.
 */
import os from 'node:os';
import { Readable } from 'node:stream';
import { newEvent } from '../runtime/event.js';
import type { Origin } from '../runtime/origin.js';
import { schema } from '../runtime/schema.js';
import { isInt, isRecord, type Value } from '../runtime/value.js';
import { EventSink, Undeliverable } from './base/sink.js';
import { owner } from './config-fields.js';
import type { ConnectorContext, ConnectorType, PortEvent } from './connector.js';
import { MetricsBus } from './metrics-bus.js';

/** Tremor's metrics channel capacity */
const QUEUE = 128;

/** Tremor's `verify_metrics_value` */
export function isMetric(v: Value): boolean {
  return isRecord(v) && typeof v.measurement === 'string' && isRecord(v.tags) && isRecord(v.fields) && isInt(v.timestamp);
}

export class MetricsSource extends Readable {
  private queue: PortEvent[] = [];
  private demand = false;
  private unsubscribe: (() => void) | null = null;
  /** stopped: what is queued is still pushed, then the stream ends */
  private ending = false;
  private ended = false;
  private nextId = 0;
  private readonly origin: Origin;

  constructor(
    private readonly bus: MetricsBus,
    private readonly ctx: ConnectorContext,
  ) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
    this.origin = { scheme: 'tremor-metrics', host: os.hostname(), port: null, path: [] };
  }

  begin(): void {
    if (this.unsubscribe || this.destroyed) return;
    this.unsubscribe = this.bus.subscribe((metric, origin) => this.received(metric, origin));
  }

  halt(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.ending = true;
    this.pump();
  }

  override _read(): void {
    this.demand = true;
    this.pump();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    cb(err);
  }

  private received(metric: Value, origin: Origin | null): void {
    const event = newEvent(metric, this.ctx.clock.wallNs(), this.nextId++, {}, origin ?? this.origin);
    this.queue.push({ port: 'out', event });
    // a lagging receiver loses the oldest metrics
    if (this.queue.length > QUEUE) this.queue.shift();
    this.pump();
  }

  private pump(): void {
    if (this.destroyed || this.ended) return;
    while (this.demand && this.queue.length > 0) this.demand = this.push(this.queue.shift()!);
    if (this.ending && this.queue.length === 0) {
      this.ended = true;
      this.push(null);
    }
  }
}

class MetricsSink extends EventSink {
  constructor(
    ctx: ConnectorContext,
    private readonly bus: MetricsBus,
  ) {
    super(ctx);
  }

  protected deliver({ event }: PortEvent): void {
    if (!isMetric(event.data)) throw new Undeliverable('Invalid Metrics data');
    this.bus.publish(event.data, event.origin);
  }
}

const CONFIG = schema({});

export const metrics: ConnectorType<null> = {
  name: 'metrics',
  summary: "the deployment's metrics on `out`; custom metrics into `in`",
  codec: 'none',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  validate(config: Value): null {
    CONFIG.read(owner('metrics'), config);
    return null;
  },
  create(ctx) {
    // without a deployment's channel (a connector created on its own) it is its own channel
    const bus = ctx.metrics ?? new MetricsBus();
    const source = new MetricsSource(bus, ctx);
    return {
      source,
      sink: new MetricsSink(ctx, bus),
      start: async () => source.begin(),
      stop: async () => source.halt(),
    };
  },
};
