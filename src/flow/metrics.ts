/**
 * Event counts of connectors and pipelines, published on the deployment's metrics channel
 * (connectors/metrics-bus.ts) for the `metrics` connector — Tremor's system metrics.
 *
 * Connectors defined `with metrics_interval_s = N` (Tremor's SourceReporter / SinkReporter,
 * src/connectors/utils/metrics.rs): the counts are cumulative since the start and are
 * published right away (Tremor's first check always flushes) and then every N seconds —
 * the source part's ports `out` and `err`, then the sink part's `in`:
 *
 *   {"measurement": "connector_events",
 *    "tags": {"flow": "main", "connector": "main::in", "port": "out"},
 *    "fields": {"count": 12}, "timestamp": <ns>}
 *
 * Pipelines with `#!config metrics_interval_s = N` (tremor-pipeline's ExecutableGraph): the
 * check is lazy, as in Tremor — when an event arrives whose `ingest_ns` is more than N
 * seconds after the last report (the first event always qualifies), the counts so far are
 * published with that `ingest_ns` as timestamp, before the event is processed. One record
 * per node and port that has seen events (a port nothing passed through has no record yet):
 *
 *   {"measurement": "events",
 *    "tags": {"pipeline": "main::p", "node": "out", "direction": "input", "port": "in"},
 *    "fields": {"count": 7}, "timestamp": <ns>}
 *
 * Counted here are the pipeline's boundary nodes: an input node `in` passes each event on
 * through its port `out` (direction "output"), an output node `out` receives each event on
 * its port `in` (direction "input") — what Tremor's graph counts for those nodes.
 */
import type { Clock, TimerHandle } from '../base/clock.js';
import { metricCount, type MetricsBus } from '../connectors/metrics-bus.js';
import type { Event } from '../runtime/event.js';

const NS_PER_S = 1_000_000_000n;

export class ConnectorMetrics {
  private readonly counts = { out: 0, err: 0, in: 0 };
  private timer: TimerHandle | null = null;

  constructor(
    private readonly bus: MetricsBus,
    private readonly clock: Clock,
    private readonly flow: string,
    private readonly alias: string,
    private readonly intervalS: number,
    /** which parts report: the source part (`out`, `err`) and/or the sink part (`in`) */
    private readonly parts: { source: boolean; sink: boolean },
  ) {}

  /** an event left the source part on `port`, or entered the sink part (`in`) */
  count(port: string): void {
    if (port === 'out' || port === 'err' || port === 'in') this.counts[port]++;
  }

  /** reports now, then every interval until `stop` */
  start(): void {
    if (this.timer !== null) return;
    const tick = () => {
      this.flush();
      this.timer = this.clock.setTimer(tick, this.intervalS * 1000);
    };
    tick();
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  private flush(): void {
    const ts = this.clock.wallNs();
    const ports = [...(this.parts.source ? (['out', 'err'] as const) : []), ...(this.parts.sink ? (['in'] as const) : [])];
    for (const port of ports) {
      const tags = { flow: this.flow, connector: `${this.flow}::${this.alias}`, port };
      this.bus.publish(metricCount('connector_events', tags, this.counts[port], ts));
    }
  }
}

export class PipelineMetrics {
  /** events through each input node (counted on its output port `out`) */
  private readonly inputs = new Map<string, number>();
  /** events into each output node (counted on its input port `in`) */
  private readonly outputs = new Map<string, number>();
  private last = 0n;
  private readonly intervalNs: bigint;

  constructor(
    private readonly bus: MetricsBus,
    /** `flow::alias` */
    private readonly id: string,
    intervalS: number,
  ) {
    this.intervalNs = BigInt(intervalS) * NS_PER_S;
  }

  /** an event is about to enter input `port`: report first when it is time */
  arriving(port: string, ev: Event): void {
    const ns = BigInt(ev.ingestNs);
    if (ns - this.last > this.intervalNs) {
      this.flush(ns);
      this.last = ns;
    }
    this.inputs.set(port, (this.inputs.get(port) ?? 0) + 1);
  }

  /** an event left through output `port` */
  left(port: string): void {
    this.outputs.set(port, (this.outputs.get(port) ?? 0) + 1);
  }

  private flush(ts: bigint): void {
    for (const [node, count] of this.inputs) this.publish(node, 'output', 'out', count, ts);
    for (const [node, count] of this.outputs) this.publish(node, 'input', 'in', count, ts);
  }

  private publish(node: string, direction: string, port: string, count: number, ts: bigint): void {
    this.bus.publish(metricCount('events', { pipeline: this.id, node, direction, port }, count, ts));
  }
}
