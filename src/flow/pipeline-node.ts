/**
 * A pipeline instance as a Duplex stream: `{port, event}` in (an input port of the pipeline),
 * `{port, event}` out (its output ports), running the compiled graph in between.
 *
 * Backpressure: the writable side takes the next input only when the readable side has room;
 * if `push()` says the consumer is full, the write callback is held until `_read()` asks for
 * more, so a slow sink behind the pipeline slows whatever feeds it. Ticks (every 100 ms) drive
 * time windows. A batch in (connectors/chunk.ts) gives a batch out. Runtime errors of selects
 * are reported and the event is dropped, as in Tremor.
 */
import { Duplex } from 'node:stream';
import type { PortEvent } from '../connectors/connector.js';
import type { Chunk, TakesBatches } from '../connectors/chunk.js';
import { Graph, type Emitted } from '../pipeline/graph.js';
import type { PipelinePlan } from '../pipeline/plan.js';
import type { Clock, TimerHandle } from '../base/clock.js';
import type { PipelineMetrics } from './metrics.js';

export interface PipelineNodeOptions {
  clock: Clock;
  highWaterMark: number;
  tickMs: number;
  onError: (e: unknown) => void;
  /** event counts for the metrics channel (`#!config metrics_interval_s`) */
  metrics?: PipelineMetrics;
  /** count the events leaving each node (the control API's live counts) */
  countNodes?: boolean;
}

export class PipelineNode extends Duplex implements TakesBatches {
  readonly takesBatches = true;
  private readonly graph: Graph;
  private held: (() => void) | null = null;
  private timer: TimerHandle | null = null;
  private readonly hasTicks: boolean;

  constructor(
    plan: PipelinePlan,
    private readonly opts: PipelineNodeOptions,
  ) {
    super({ objectMode: true, highWaterMark: opts.highWaterMark });
    this.graph = new Graph(plan);
    this.hasTicks = this.graph.ticking;
    if (opts.countNodes) this.graph.countNodes();
  }

  /** the events that left each node of the graph, by port (with `countNodes`) */
  nodeCounts(): Map<string, ReadonlyMap<string, number>> {
    return this.graph.nodeCounts();
  }

  /** starts the ticks of time windows */
  begin(): void {
    if (!this.hasTicks || this.opts.tickMs <= 0) return;
    const tick = () => {
      const results: Emitted[] = [];
      const err = this.graph.tick(this.opts.clock.wallNs(), results);
      if (err) this.opts.onError(err);
      for (const r of results) {
        this.opts.metrics?.left(r.port);
        this.push({ port: r.port, event: r.event });
      }
      this.timer = this.opts.clock.setTimer(tick, this.opts.tickMs);
    };
    this.timer = this.opts.clock.setTimer(tick, this.opts.tickMs);
  }

  override _write(chunk: Chunk, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    const results: Emitted[] = [];
    if (Array.isArray(chunk)) for (let i = 0; i < chunk.length; i++) this.run(chunk[i], results);
    else this.run(chunk, results);
    const metrics = this.opts.metrics;
    if (metrics) for (const r of results) metrics.left(r.port);
    let room = true;
    // what a batch gave goes on as one (an Emitted is a PortEvent)
    if (Array.isArray(chunk) && results.length > 1) room = this.push(results);
    else for (const r of results) room = this.push(r);
    if (room) cb();
    else this.held = cb;
  }

  private run(pe: PortEvent, results: Emitted[]): void {
    this.opts.metrics?.arriving(pe.port, pe.event);
    const err = this.graph.enqueue(pe.port, pe.event, results);
    if (err) this.opts.onError(err);
  }

  override _read(): void {
    const cb = this.held;
    this.held = null;
    if (cb) cb();
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.stopTicks();
    this.push(null);
    cb();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.stopTicks();
    cb(err);
  }

  private stopTicks(): void {
    if (this.timer !== null) this.opts.clock.clearTimer(this.timer);
    this.timer = null;
  }
}
