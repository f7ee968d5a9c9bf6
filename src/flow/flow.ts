/**
 * A running flow: connector instances and pipelines wired by routers.
 *
 * Lifecycle (deployment reference §2.2): only connectors that some `connect` uses are
 * created; sinks start first (and must be ready: a file open, a socket listening), then
 * pipelines, then the sources (servers listen before all that, reading only when they start) — and only sources that reach a sink, since Tremor's sources
 * stay silent otherwise. `stop` ends the sources; everything they produced then drains
 * through the pipelines (a node ends when all its upstream links have ended) and the flow is
 * `done` once every router and sink has finished.
 *
 * When a source finishes while the flow runs, what happens depends on `endWithSources`:
 * - true (no exit connector in the deployment): the end cascades at once, so a flow of finite
 *   sources ends by itself once what they produced has drained;
 * - false (Tremor's lifecycle, with an exit connector): the flow keeps running — pipelines
 *   keep ticking, so time windows close and exit delays run, and clients keep their
 *   connections for the replies still to come — until `stop` (the exit connector, a signal),
 *   which ends every node whose upstream links have all ended, earlier ones included.
 */
import { forEachEvent, type Chunk } from '../connectors/chunk.js';
import type { Readable, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ConnectorInstance, ConnectorType, PortEvent } from '../connectors/connector.js';
import type { ConnectorPlan, EndpointPlan, FlowPlan } from '../deploy/plan.js';
import { stringify } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import type { Clock } from '../base/clock.js';
import type { MetricsBus } from '../connectors/metrics-bus.js';
import { cyclicNodes, QuietWatch } from './cycles.js';
import { ConnectorMetrics, PipelineMetrics } from './metrics.js';
import { PipelineNode } from './pipeline-node.js';
import { Breakers } from './breakers.js';
import { Router, type Target } from './router.js';
import { outputFailure } from './output-failure.js';
import type { FlowStats } from './stats.js';
import { routeUndelivered, undeliveredFrom, type UndeliveredErrors } from './undelivered.js';

export interface FlowOptions {
  clock: Clock;
  highWaterMark: number;
  tickMs: number;
  types: ReadonlyMap<string, ConnectorType<any>>;
  report(message: unknown): void;
  exit(code: number, graceful: boolean): void;
  /** end nodes as soon as their sources have finished (see above); default true */
  endWithSources?: boolean;
  /** the deployment's metrics channel: event counts (`metrics_interval_s`) go there */
  metrics?: MetricsBus;
  /** counts error events that reach an `err` port nothing is connected to (undelivered.ts) */
  undelivered?: UndeliveredErrors;
  /** live counts for the control API (stats.ts); none when it is off */
  stats?: FlowStats;
}

/** Tremor's instance states, as its API reports them */
export type InstanceState = 'initializing' | 'running' | 'paused' | 'draining' | 'stopped' | 'failed';

/** a connector as Tremor's API reports it (`/v1/flows/{id}/connectors`) */
export interface ConnectorReport {
  alias: string;
  type: string;
  status: InstanceState;
  /** disconnected while its circuit breaker is open */
  connectivity: 'connected' | 'disconnected';
  /** the pipelines it is connected to, by its port */
  pipelines: Record<string, { alias: string; port: string }[]>;
}

type State = 'created' | 'running' | 'draining' | 'stopped';

interface Node {
  key: string;
  readable?: Readable;
  writable?: Writable;
  /** upstream links still open */
  upstream: number;
  /** the router reading `readable` */
  router?: Router;
  /** a connector source that originates events (not a reply source) */
  origin?: boolean;
  idle?: () => boolean;
}

const key = (e: EndpointPlan) => `${e.kind}/${e.alias}`;

export class Flow {
  state: State = 'created';
  private readonly nodes = new Map<string, Node>();
  private readonly instances = new Map<string, ConnectorInstance>();
  private readonly pipelines: PipelineNode[] = [];
  /** connectors' event counters, by alias (`metrics_interval_s`) */
  private readonly reporters = new Map<string, ConnectorMetrics>();
  private readonly ends: Promise<unknown>[] = [];
  private watch: QuietWatch | null = null;
  /** sinks' circuit breakers and the sources they pause */
  private readonly breakers: Breakers;
  /** connectors paused through the API (the whole flow: every one) */
  private readonly paused = new Set<string>();
  private failed = false;

  constructor(
    readonly plan: FlowPlan,
    private readonly opts: FlowOptions,
  ) {
    this.breakers = new Breakers(
      plan.links.map((l) => ({ from: key(l.from), to: key(l.to) })),
      (source) => this.nodes.get(source)?.router,
    );
  }

  async start(): Promise<void> {
    const used = new Set(this.plan.links.flatMap((l) => [key(l.from), key(l.to)]));
    const asSource = new Set(this.plan.links.map((l) => key(l.from)));
    const asSink = new Set(this.plan.links.map((l) => key(l.to)));
    for (const c of this.plan.connectors) {
      const k = `connector/${c.alias}`;
      if (used.has(k)) this.createConnector(c, asSource.has(k), asSink.has(k));
    }
    for (const p of this.plan.pipelines) {
      if (!used.has(`pipeline/${p.alias}`)) continue;
      const bus = this.opts.metrics;
      const node = new PipelineNode(routeUndelivered(p.plan), {
        metrics: bus && p.metricsIntervalS ? new PipelineMetrics(bus, `${this.plan.name}::${p.alias}`, p.metricsIntervalS) : undefined,
        clock: this.opts.clock,
        highWaterMark: this.opts.highWaterMark,
        tickMs: this.opts.tickMs,
        onError: (e) => this.opts.report(e),
        countNodes: this.opts.stats !== undefined,
      });
      const ps = this.opts.stats?.node(`pipeline/${p.alias}`);
      if (ps) ps.nodes = () => node.nodeCounts();
      node.on('error', (e) => this.fail(e));
      this.pipelines.push(node);
      this.nodes.set(`pipeline/${p.alias}`, { key: `pipeline/${p.alias}`, readable: node, writable: node, upstream: 0 });
    }
    this.wire();
    this.countConnectorEvents();
    // a pipeline nothing feeds ends at once (it has nothing to wait for)
    if (this.cascading) for (const n of this.nodes.values()) if (n.key.startsWith('pipeline/') && n.upstream === 0) n.writable!.end();
    this.state = 'running';
    const reaching = this.sourcesReachingSinks();
    // sinks first, then connectors that are both, then pipelines, then the sources that
    // reach a sink (a connector used only as a sink never starts reading)
    const role = (alias: string) => this.nodes.get(`connector/${alias}`)!;
    // servers listen before anything starts: a client of the same flow then finds them
    for (const [alias, inst] of this.instances) if (inst.listen && (role(alias).writable || reaching.has(alias))) await inst.listen();
    for (const [alias, inst] of this.instances) if (role(alias).writable && !role(alias).readable && inst.start) await inst.start();
    for (const [alias, inst] of this.instances) if (role(alias).writable && role(alias).readable && inst.start) await inst.start();
    for (const p of this.pipelines) p.begin();
    for (const [alias, inst] of this.instances) {
      const n = role(alias);
      if (n.readable && !n.writable) {
        if (reaching.has(alias)) {
          if (inst.start) await inst.start();
        } else n.readable.push(null);
      }
    }
    // connector counts start once everything is started (a metrics connector listening)
    for (const r of this.reporters.values()) r.start();
  }

  /** resolves when everything that was started has drained and finished */
  get done(): Promise<void> {
    return Promise.allSettled(this.ends).then(() => undefined);
  }

  /** ends the sources; with `graceful` false also tears everything down at once */
  async stop(graceful: boolean): Promise<void> {
    if (this.state === 'stopped' || this.state === 'draining') {
      if (!graceful) this.destroy();
      return;
    }
    this.state = 'draining';
    // sinks and pipelines whose inputs finished while the flow ran end now; the rest follow
    // their sources
    for (const n of this.nodes.values()) if (n.upstream === 0) this.endNode(n);
    if (!this.cascading) this.watch?.start();
    for (const [alias, inst] of this.instances) {
      if (inst.source && this.nodes.get(`connector/${alias}`)!.readable) {
        try {
          if (inst.stop) await inst.stop();
          else inst.source.push(null);
        } catch (e) {
          this.opts.report(e);
        }
      }
    }
    if (!graceful) this.destroy();
  }

  destroy(): void {
    this.state = 'stopped';
    for (const r of this.reporters.values()) r.stop();
    this.watch?.cancel();
    for (const n of this.nodes.values()) {
      n.readable?.destroy();
      n.writable?.destroy();
    }
  }

  private createConnector(c: ConnectorPlan, asSource: boolean, asSink: boolean): void {
    const type = this.opts.types.get(c.type)!;
    const id = `${this.plan.name}::${c.alias}`;
    // live counts for the API: bytes through the codec, reconnections
    const ns = this.opts.stats?.node(`connector/${c.alias}`);
    if (ns) ns.bytes = { in: 0, out: 0 };
    const inst = type.create(
      {
        id,
        bytes: ns?.bytes ?? undefined,
        alias: c.alias,
        clock: this.opts.clock,
        codec: c.codec,
        preprocessors: c.preprocessors,
        postprocessors: c.postprocessors,
        reconnect: c.reconnect,
        highWaterMark: this.opts.highWaterMark,
        metrics: this.opts.metrics,
        report: (d) => this.opts.report(d),
        exit: (code, graceful = true) => this.opts.exit(code, graceful),
        breaker: (open) => {
          const was = this.breakers.open.has(`connector/${c.alias}`);
          if (was !== open) this.opts.report(`${id}: circuit breaker ${open ? 'open: the sources feeding it pause' : 'closed: the sources feeding it resume'}`);
          if (ns && was && !open) ns.reconnects++;
          this.breakers.set(`connector/${c.alias}`, open);
        },
      },
      c.config,
    );
    inst.source?.on('error', (e) => this.fail(e, id));
    // a sink no link uses (a stdio connector used as a source only) failing with the stream
    // it would write to (stdout closed) is no failure of the flow: the one in use reports it
    inst.sink?.on('error', (e) => (asSink ? this.fail(e, id, true) : undefined));
    this.instances.set(c.alias, inst);
    this.nodes.set(`connector/${c.alias}`, {
      key: `connector/${c.alias}`,
      readable: asSource ? inst.source : undefined,
      writable: asSink ? inst.sink : undefined,
      upstream: 0,
      origin: asSource && !inst.replies,
      idle: inst.idle ? () => inst.idle!() : undefined,
    });
    const bus = this.opts.metrics;
    if (bus && c.metricsIntervalS) {
      const parts = { source: asSource && !!inst.source, sink: asSink && !!inst.sink };
      this.reporters.set(c.alias, new ConnectorMetrics(bus, this.opts.clock, this.plan.name, c.alias, c.metricsIntervalS, parts));
    }
  }

  /**
   * Connectors with `metrics_interval_s` count the events their source part emits (a second
   * 'data' listener beside the router's pipe sees every chunk without changing the flow);
   * what their sink part receives is counted by the routers (`Target.count`). They report
   * from the end of `start` until the flow ends.
   */
  private countConnectorEvents(): void {
    for (const [alias, r] of this.reporters) {
      const readable = this.nodes.get(`connector/${alias}`)!.readable;
      readable?.on('data', (chunk: Chunk) => forEachEvent(chunk, (pe) => r.count(pe.port)));
    }
    if (this.reporters.size > 0) void this.done.then(() => this.reporters.forEach((r) => r.stop()));
  }

  private wire(): void {
    const bySource = new Map<string, Map<string, Target[]>>();
    const upstreams = new Map<string, Set<string>>();
    for (const l of this.plan.links) {
      const from = key(l.from);
      const to = this.nodes.get(key(l.to))!;
      const routes = bySource.get(from) ?? new Map<string, Target[]>();
      bySource.set(from, routes);
      const list = routes.get(l.from.port) ?? [];
      const counter = this.reporters.get(l.to.kind === 'connector' ? l.to.alias : '');
      list.push({ stream: to.writable!, port: l.to.port, name: to.key, count: this.counter(counter, to.key, l.to.port, l.to.kind === 'connector') });
      routes.set(l.from.port, list);
      const ups = upstreams.get(to.key) ?? new Set<string>();
      ups.add(from);
      upstreams.set(to.key, ups);
    }
    for (const [k, ups] of upstreams) this.nodes.get(k)!.upstream = ups.size;
    const stats = this.opts.stats;
    for (const node of this.nodes.values()) {
      if (!node.readable) continue;
      if (stats) {
        const ns = stats.node(node.key);
        node.readable.on('data', (chunk: Chunk) => forEachEvent(chunk, (pe) => stats.left(ns, pe.port)));
      }
      const routes = bySource.get(node.key) ?? new Map<string, Target[]>();
      const router = new Router(routes, (chunk, target) => this.unrouted(node.key, chunk, target), this.opts.highWaterMark);
      router.on('error', (e) => this.fail(e));
      node.router = router;
      node.readable.pipe(router);
      const targets = new Set([...routes.values()].flat().map((t) => t.stream));
      this.ends.push(
        finished(router).finally(() => {
          // a node ends when every link into it has ended (while running: only when cascading)
          for (const n of this.nodes.values()) {
            if (n.writable && targets.has(n.writable) && --n.upstream === 0 && (this.cascading || this.state !== 'running')) this.endNode(n);
          }
        }),
      );
    }
    for (const node of this.nodes.values()) if (node.writable && !node.readable) this.ends.push(finished(node.writable));
    this.watchCycles();
  }

  /** what a router calls for each event it writes into `to` on `port` (null: nothing counts) */
  private counter(reporter: ConnectorMetrics | undefined, to: string, port: string, sink: boolean): Target['count'] {
    const stats = this.opts.stats;
    const ns = stats?.node(to);
    if (stats && ns && reporter)
      return (ev) => {
        reporter.count('in');
        stats.entered(ns, port, ev, sink);
      };
    if (stats && ns) return (ev) => stats.entered(ns, port, ev, sink);
    return reporter && (() => reporter.count('in'));
  }

  /** how far the flow's finite sources (files) have read, summed; null when it has none */
  progress(): { done: number; total: number; events: number } | null {
    let p: { done: number; total: number; events: number } | null = null;
    for (const inst of this.instances.values()) {
      const q = inst.progress?.();
      if (!q) continue;
      p ??= { done: 0, total: 0, events: 0 };
      p.done += q.done;
      p.total += q.total;
      p.events += q.events;
    }
    return p;
  }

  /** the live counts, when kept (the control API is on) */
  get stats(): FlowStats | undefined {
    return this.opts.stats;
  }

  /** the flow's state as Tremor's API reports it */
  get status(): InstanceState {
    if (this.failed) return 'failed';
    if (this.state === 'created') return 'initializing';
    if (this.state === 'running') return this.paused.has('') ? 'paused' : 'running';
    return this.state;
  }

  /** pauses every source of the flow (Tremor's flow pause): events in pipelines still drain */
  pause(): void {
    this.paused.add('');
    for (const alias of this.instances.keys()) this.hold(alias, true);
  }

  resume(): void {
    this.paused.delete('');
    for (const alias of this.instances.keys()) if (!this.paused.has(alias)) this.hold(alias, false);
  }

  /** pauses one connector's source part (it is read no more until resumed) */
  pauseConnector(alias: string): void {
    this.paused.add(alias);
    this.hold(alias, true);
  }

  resumeConnector(alias: string): void {
    this.paused.delete(alias);
    if (!this.paused.has('')) this.hold(alias, false);
  }

  /** the connectors in use, as Tremor's API reports them */
  connectorReports(): ConnectorReport[] {
    const out: ConnectorReport[] = [];
    for (const c of this.plan.connectors) {
      if (!this.instances.has(c.alias)) continue;
      const pipelines: Record<string, { alias: string; port: string }[]> = {};
      for (const l of this.plan.links) {
        const [mine, other] = l.from.kind === 'connector' && l.from.alias === c.alias ? [l.from, l.to] : l.to.kind === 'connector' && l.to.alias === c.alias ? [l.to, l.from] : [null, null];
        if (!mine || !other || other.kind !== 'pipeline') continue;
        (pipelines[mine.port] ??= []).push({ alias: other.alias, port: other.port });
      }
      const flow = this.status;
      const status: InstanceState = flow === 'running' && this.paused.has(c.alias) ? 'paused' : flow;
      out.push({ alias: c.alias, type: c.type, status, connectivity: this.breakers.open.has(`connector/${c.alias}`) ? 'disconnected' : 'connected', pipelines });
    }
    return out;
  }

  /** the pipelines in use, by alias */
  get pipelineAliases(): string[] {
    return this.plan.pipelines.map((p) => p.alias).filter((a) => this.nodes.has(`pipeline/${a}`));
  }

  /**
   * Calls `listener` with each event leaving `node` (`connector/x`, `pipeline/y`) on `port`,
   * until the returned function is called; null when the node has no such output. A tap
   * sees the events as they leave, before the router; it must not change them.
   */
  tap(node: string, port: string, listener: (pe: PortEvent) => void): (() => void) | null {
    const readable = this.nodes.get(node)?.readable;
    if (!readable) return null;
    const on = (chunk: Chunk) =>
      forEachEvent(chunk, (pe) => {
        if (pe.port === port) listener(pe);
      });
    readable.on('data', on);
    return () => void readable.off('data', on);
  }

  private hold(alias: string, on: boolean): void {
    this.nodes.get(`connector/${alias}`)?.router?.hold('api', on);
  }

  /**
   * With a cycle among the links, the flow cannot end by the cascade alone: once every
   * originating source has finished and the flow is quiet, the cycle's connector sinks are
   * ended (flow/cycles.ts).
   */
  private watchCycles(): void {
    const cyclic = cyclicNodes(this.plan.links.map((l) => ({ from: key(l.from), to: key(l.to) })));
    if (cyclic.size === 0) return;
    const watch = new QuietWatch(
      () => this.nodes.values(),
      this.opts.clock,
      () => {
        for (const k of cyclic) {
          const n = this.nodes.get(k);
          if (n && k.startsWith('connector/') && n.writable && !n.writable.writableEnded) n.writable.end();
        }
      },
    );
    this.watch = watch;
    // with Tremor's lifecycle the flow runs until stopped; the watch starts then (stop)
    if (!this.cascading) return;
    const origins = [...this.nodes.values()].filter((n) => n.origin && n.router);
    let open = origins.length;
    if (open === 0) watch.start();
    for (const n of origins) {
      void finished(n.router!).finally(() => {
        if (--open === 0 && this.state !== 'stopped') watch.start();
      });
    }
  }

  /** ends run at once while running, or only once the flow stops (Tremor's lifecycle) */
  private get cascading(): boolean {
    return this.opts.endWithSources !== false;
  }

  private endNode(n: Node): void {
    if (n.writable && !n.writable.writableEnded && !n.writable.destroyed) n.writable.end();
  }

  /** sources that can reach a sink through the links (the others never emit, as in Tremor) */
  private sourcesReachingSinks(): Set<string> {
    const next = new Map<string, string[]>();
    for (const l of this.plan.links) next.set(key(l.from), [...(next.get(key(l.from)) ?? []), key(l.to)]);
    const reaches = (k: string, seen: Set<string>): boolean => {
      if (seen.has(k)) return false;
      seen.add(k);
      for (const n of next.get(k) ?? []) {
        if (n.startsWith('connector/')) return true;
        if (reaches(n, seen)) return true;
      }
      return false;
    };
    const out = new Set<string>();
    for (const alias of this.instances.keys()) if (reaches(`connector/${alias}`, new Set())) out.add(alias);
    return out;
  }

  /**
   * An event on a port nobody listens to: errors are reported, anything else is dropped. An
   * event reaching a node that has already ended (the end of a cycle) is reported. Errors of
   * a pipeline (its `err` port, or a script's unconnected `err` port inside it) are also
   * counted: the deployment sums them up at exit (undelivered.ts).
   */
  private unrouted(from: string, chunk: PortEvent, target: Target | null): void {
    const name = `${this.plan.name}::${from.split('/')[1]}`;
    if (target) {
      if (!target.stream.destroyed) this.opts.report(`${name}/${chunk.port}: an event reached ${target.name} after it had ended: ${shown(chunk.event.data)}`);
      return;
    }
    const script = undeliveredFrom(chunk.port);
    if (chunk.port !== 'err' && script === null) return;
    const where = script === null ? name : `${name}/${script}`;
    if (from.startsWith('pipeline/')) this.opts.undelivered?.add(where);
    this.opts.report(`${where}/err: ${shown(chunk.event.data)}`);
  }

  /**
   * A node failed. Failures of an output (a sink) are the process's business (DECISIONS.md):
   * a closed pipe ends it quietly with status 0, any other I/O error with status 3 and one
   * line; anything else is reported and stops the deployment with status 1.
   */
  private fail(e: unknown, where?: string, output = false): void {
    const kind = output ? outputFailure(e) : null;
    if (kind !== 'closed') this.failed = true;
    if (kind === 'closed') {
      this.opts.exit(0, false);
      return;
    }
    const message = (e as Error)?.message ?? String(e);
    // the error may already name the node
    this.opts.report(where && !message.startsWith(where) ? `${where}: ${message}` : where ? message : e);
    this.opts.exit(kind === 'io' ? 3 : 1, false);
  }
}

/** an event's payload for a report (a value too deep to encode says so instead) */
function shown(v: Value): string {
  try {
    return stringify(v);
  } catch (e) {
    return `<${(e as Error).message}>`;
  }
}
