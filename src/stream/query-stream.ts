/**
 * A compiled query as a Node Transform stream (object mode).
 *
 * Input chunks are events (`Event` objects) or arrays of them (a batch, as JsonLinesDecoder
 * produces); output chunks are arrays of `{port, event}` for a batch, or single values on
 * port `out` in value mode. Backpressure is Node's: `highWaterMark` counts chunks, and the
 * stream does not read more while its readable side is full. Runtime errors of selects are
 * reported through `onError` (with the source position) and the stream goes on.
 *
 * Time windows close on ticks: every `tickMs` the stream sends the wall-clock time through
 * the graph; at the end of input open windows are flushed unless `flush` is false.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { eventValues, newEvent, type Event } from '../runtime/event.js';
import { Graph, type Emitted } from '../pipeline/graph.js';
import type { PipelinePlan } from '../pipeline/plan.js';
import { wallClockNs } from '../base/wallclock.js';
import type { Value } from '../runtime/value.js';

export interface QueryStreamOptions {
  /** accept and produce plain values (payloads) instead of events and {port, event} batches */
  values?: boolean;
  /** with `values`: emit `{port, value}` for every port (`err` included), not only `out`'s values */
  ports?: boolean;
  highWaterMark?: number;
  /** called for each runtime error (a TremorError with a diagnostic) */
  onError?: (e: unknown) => void;
  /** tick interval for time windows, 0 for none (default 100 ms) */
  tickMs?: number;
  /** emit open windows at end of input (default true) */
  flush?: boolean;
  /** input port (default "in") */
  port?: string;
}

export class QueryStream extends Transform {
  readonly graph: Graph;
  private readonly values: boolean;
  private readonly ports: boolean;
  private readonly onError: (e: unknown) => void;
  private readonly doFlush: boolean;
  private readonly port: string;
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;

  constructor(plan: PipelinePlan, opts: QueryStreamOptions = {}) {
    super({ objectMode: true, highWaterMark: opts.highWaterMark ?? 16 });
    if (plan === null || typeof plan !== 'object' || !Array.isArray((plan as Partial<PipelinePlan>).nodes)) {
      throw new TypeError(`new QueryStream(plan): expected a compiled plan (compileQuery(text).plan), got ${typeof plan === 'string' ? 'a string; for a query text use query(text)' : describe(plan)}`);
    }
    this.graph = new Graph(plan);
    this.values = opts.values ?? false;
    this.ports = opts.ports ?? false;
    this.onError = opts.onError ?? ((e) => this.emit('warning', e));
    this.doFlush = opts.flush ?? true;
    this.port = opts.port ?? 'in';
    const tickMs = opts.tickMs ?? 100;
    if (tickMs > 0 && this.graph.ticking) {
      this.timer = setInterval(() => this.tick(), tickMs);
      this.timer.unref();
    }
  }

  override _transform(chunk: Event | Event[] | Value, _enc: BufferEncoding, cb: TransformCallback): void {
    const results: Emitted[] = [];
    if (this.values) {
      const ev = newEvent(chunk as Value, wallClockNs(), this.seq);
      this.seq++;
      this.run(ev, results);
      this.deliver(results);
      cb();
      return;
    }
    if (Array.isArray(chunk)) for (const ev of chunk as Event[]) this.run(ev, results);
    else this.run(chunk as Event, results);
    if (results.length) this.push(results);
    cb();
  }

  override _flush(cb: TransformCallback): void {
    this.stopTicks();
    if (this.doFlush) {
      const results: Emitted[] = [];
      const err = this.graph.flush(results);
      if (err) this.onError(err);
      this.deliver(results);
    }
    cb();
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    this.stopTicks();
    cb(err);
  }

  private run(ev: Event, results: Emitted[]): void {
    const err = this.graph.enqueue(this.port, ev, results);
    if (err) this.onError(err);
  }

  private tick(): void {
    const results: Emitted[] = [];
    const err = this.graph.tick(wallClockNs(), results);
    if (err) this.onError(err);
    this.deliver(results);
  }

  private deliver(results: Emitted[]): void {
    if (!results.length) return;
    if (!this.values) {
      this.push(results);
      return;
    }
    for (const r of results) {
      if (this.ports) {
        if (r.event.batch) for (const value of eventValues(r.event)) this.push({ port: r.port, value });
        else this.push({ port: r.port, value: r.event.data });
        continue;
      }
      if (r.port !== 'out') continue;
      if (r.event.batch) for (const v of eventValues(r.event)) this.push(v);
      else this.push(r.event.data);
    }
  }

  private stopTicks(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}

function describe(x: unknown): string {
  return x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x;
}
