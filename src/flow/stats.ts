/**
 * Live counts of a running flow, for the control API and its Prometheus endpoint
 * (src/api/): per node (a connector or a pipeline, `connector/in`, `pipeline/main`) the
 * events that entered it and that left it, by port, and per connector sink the latency from
 * an event's ingest time to its arrival at the sink (an HDR-style histogram, in
 * milliseconds).
 *
 * Only kept when the API is on (Flow's `stats` option): a flow without it pays nothing.
 * Tremor's metrics events (`metrics_interval_s`) are counted apart (flow/metrics.ts).
 */
import { BenchHistogram } from '../connectors/bench-histogram.js';
import type { Event } from '../runtime/event.js';
import type { ByteCounts } from '../connectors/connector.js';

export class NodeStats {
  /** events that entered the node, by input port */
  readonly in = new Map<string, number>();
  /** events that left the node, by output port */
  readonly out = new Map<string, number>();
  /** connector sinks: ingest → sink, in microseconds */
  latency: BenchHistogram | null = null;
  /** connectors: bytes through their codec (decoded in, encoded out) */
  bytes: ByteCounts | null = null;
  /** connectors: times the circuit breaker closed again after opening (a reconnection) */
  reconnects = 0;
  /** pipelines: events leaving each of their nodes, by node and port */
  nodes: (() => ReadonlyMap<string, ReadonlyMap<string, number>>) | null = null;
}

export class FlowStats {
  readonly nodes = new Map<string, NodeStats>();

  constructor(
    /** wall-clock nanoseconds now (the flow's clock) */
    private readonly wallNs: () => bigint,
  ) {}

  node(key: string): NodeStats {
    let s = this.nodes.get(key);
    if (!s) this.nodes.set(key, (s = new NodeStats()));
    return s;
  }

  /** an event left `node` on `port` */
  left(node: NodeStats, port: string): void {
    node.out.set(port, (node.out.get(port) ?? 0) + 1);
  }

  /** an event entered `node` on `port`; a connector's sink also records its latency */
  entered(node: NodeStats, port: string, ev: Event, sink: boolean): void {
    node.in.set(port, (node.in.get(port) ?? 0) + 1);
    if (!sink) return;
    const ingest = typeof ev.ingestNs === 'bigint' ? ev.ingestNs : BigInt(Math.trunc(ev.ingestNs));
    const us = Number(this.wallNs() - ingest) / 1e3;
    (node.latency ??= new BenchHistogram(2)).record(us > 0 ? us : 0);
  }

  /** the sum of a node's counts on one side */
  static total(counts: ReadonlyMap<string, number>): number {
    let n = 0;
    for (const v of counts.values()) n += v;
    return n;
  }
}
