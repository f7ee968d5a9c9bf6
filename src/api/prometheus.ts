/**
 * `/metrics`: the running deployment in Prometheus' text format (`prom-client`), read from the
 * flows' live counts (flow/stats.ts) when scraped — nothing is recorded twice:
 *
 *   tremor_connector_events_total{flow, connector, direction="in"|"out", port}
 *   tremor_pipeline_events_total{flow, pipeline, direction="in"|"out", port}
 *   tremor_connector_bytes_total{flow, connector, direction="in"|"out"}   through its codec
 *   tremor_connector_reconnects_total{flow, connector}      its breaker closed again after opening
 *   tremor_pipeline_node_events_total{flow, pipeline, node, port}   leaving each node inside
 *   tremor_connector_breaker_open{flow, connector}          1 while its circuit breaker is open
 *   tremor_connector_paused{flow, connector}                1 while paused through the API
 *   tremor_sink_latency_seconds{flow, connector, quantile}  ingest → sink, from an HDR histogram
 *   tremor_sink_latency_seconds_count{flow, connector}
 *
 * plus prom-client's default process metrics (CPU, memory, event loop lag).
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Flow } from '../flow/flow.js';

const QUANTILES = [0.5, 0.9, 0.99, 0.999];

export function metricsRegistry(flows: () => readonly Flow[]): Registry {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const nodes = function* (kind: 'connector' | 'pipeline') {
    for (const f of flows()) {
      const stats = f.stats;
      if (!stats) continue;
      for (const [key, s] of stats.nodes) if (key.startsWith(`${kind}/`)) yield { flow: f.plan.name, alias: key.slice(kind.length + 1), s };
    }
  };
  for (const kind of ['connector', 'pipeline'] as const) {
    new Counter({
      name: `tremor_${kind}_events_total`,
      help: `events into (in) and out of (out) each ${kind}, by port`,
      labelNames: ['flow', kind, 'direction', 'port'],
      registers: [register],
      collect() {
        this.reset();
        for (const { flow, alias, s } of nodes(kind)) {
          for (const [port, n] of s.in) this.inc({ flow, [kind]: alias, direction: 'in', port }, n);
          for (const [port, n] of s.out) this.inc({ flow, [kind]: alias, direction: 'out', port }, n);
        }
      },
    });
  }
  new Counter({
    name: 'tremor_connector_bytes_total',
    help: "bytes through each connector's codec: decoded (in) and encoded (out)",
    labelNames: ['flow', 'connector', 'direction'],
    registers: [register],
    collect() {
      this.reset();
      for (const { flow, alias, s } of nodes('connector')) {
        if (!s.bytes) continue;
        this.inc({ flow, connector: alias, direction: 'in' }, s.bytes.in);
        this.inc({ flow, connector: alias, direction: 'out' }, s.bytes.out);
      }
    },
  });
  new Counter({
    name: 'tremor_connector_reconnects_total',
    help: 'times the circuit breaker of each connector closed again after opening',
    labelNames: ['flow', 'connector'],
    registers: [register],
    collect() {
      this.reset();
      for (const { flow, alias, s } of nodes('connector')) if (s.bytes) this.inc({ flow, connector: alias }, s.reconnects);
    },
  });
  new Counter({
    name: 'tremor_pipeline_node_events_total',
    help: 'events leaving each node inside each pipeline, by port',
    labelNames: ['flow', 'pipeline', 'node', 'port'],
    registers: [register],
    collect() {
      this.reset();
      for (const { flow, alias, s } of nodes('pipeline')) for (const [node, m] of s.nodes?.() ?? []) for (const [port, n] of m) this.inc({ flow, pipeline: alias, node, port }, n);
    },
  });
  const connectorGauge = (name: string, help: string, value: (r: ReturnType<Flow['connectorReports']>[number]) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['flow', 'connector'],
      registers: [register],
      collect() {
        this.reset();
        for (const f of flows()) for (const r of f.connectorReports()) this.set({ flow: f.plan.name, connector: r.alias }, value(r));
      },
    });
  connectorGauge('tremor_connector_breaker_open', 'whether the circuit breaker of the connector is open', (r) => (r.connectivity === 'disconnected' ? 1 : 0));
  connectorGauge('tremor_connector_paused', 'whether the connector is paused (through the API)', (r) => (r.status === 'paused' ? 1 : 0));
  new Gauge({
    name: 'tremor_sink_latency_seconds',
    help: 'time from an event ingest to its arrival at a connector sink, quantiles',
    labelNames: ['flow', 'connector', 'quantile'],
    registers: [register],
    collect() {
      this.reset();
      for (const { flow, alias, s } of nodes('connector')) {
        if (!s.latency) continue;
        for (const q of QUANTILES) this.set({ flow, connector: alias, quantile: String(q) }, s.latency.valueAtQuantile(q) / 1e6);
      }
    },
  });
  new Gauge({
    name: 'tremor_sink_latency_seconds_count',
    help: 'events whose latency was recorded',
    labelNames: ['flow', 'connector'],
    registers: [register],
    collect() {
      this.reset();
      for (const { flow, alias, s } of nodes('connector')) if (s.latency) this.set({ flow, connector: alias }, s.latency.total);
    },
  });
  return register;
}
