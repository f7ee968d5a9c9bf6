/**
 * bench: replays a file through the flow and measures what comes back (Tremor's `bench`, the
 * blaster source and blackhole sink in one connector).
 *
 * Config (Tremor 0.12's keys; 0.13 renamed `source` to `path`, accepted too):
 *   source               required, the file to replay (0.13: `path`)
 *   interval             milliseconds to wait before each event (Tremor: nanoseconds; default
 *                        none: as fast as the flow takes them)
 *   chunk_size           split the file into chunks of this many bytes instead of lines
 *   iters                replay the file this many times (default: no limit)
 *   base64               base64-decode each line or chunk first (default false)
 *   is_transactional     accepted; events are not tracked (there are no acks to wait for)
 *   structured           report as one JSON object instead of text (default false)
 *   stop_after_secs      stop after warmup + this many seconds (default 0: no time limit)
 *   warmup_secs          events reaching the sink in the first seconds are not measured
 *   significant_figures  precision of the latency histogram, 0–5 (default 2; more counts as 5)
 *
 * The codec defaults to `json`. The file is read into memory when the connector starts and
 * split into lines (or chunks); each element is decoded on its own (through the configured
 * preprocessors, if any, then the codec), once per iteration, and stamped with the time it
 * enters the flow as its `ingest_ns`. A file ending in `.xz` is decompressed first (liblzma,
 * as Tremor's `xz2`). Wire both parts of the same connector, as in Tremor:
 *
 * ```tremor
 * define connector bench from bench
 * with
 *   codec = "json",
 *   config = {"source": "data.json", "iters": 10, "warmup_secs": 1}
 * end;
 * create connector bench;
 * create pipeline main;
 * connect /connector/bench to /pipeline/main;
 * connect /pipeline/main to /connector/bench;
 * ```
 *
 * The sink records each event's latency (now − ingest_ns, in ns) into an HDR histogram and
 * counts events and bytes (each event re-encoded with the codec, as Tremor's sink does). Once
 * it has measured `iters` × elements events, or `warmup_secs` + `stop_after_secs` have passed,
 * it prints Tremor's report to stdout (src/connectors/bench-report.ts) and stops the deployment
 * at once with status 0. The throughput divides by `stop_after_secs`, as Tremor does; without
 * one (where Tremor divides by zero) by the measured time.
 */
import os from 'node:os';
import { messageOf } from '../base/message-of.js';
import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import type { TimerHandle } from '../base/clock.js';
import { stringify } from '../runtime/json.js';
import { bool, int, schema } from '../runtime/schema.js';
import type { Value } from '../runtime/value.js';
import type { ConnectorContext, ConnectorType, PortEvent } from './connector.js';
import { BATCH_MAX, type Chunk, type TakesBatches } from './chunk.js';
import { duration, optional, owner, path } from './config-fields.js';
import { EventDecoder, EventEncoder } from './framing.js';
import { BenchHistogram } from './bench-histogram.js';
import { reportJson, reportText } from './bench-report.js';
import { splitChunks, splitLines } from './replay.js';
import { ackTx } from '../runtime/tx.js';
import { xzDecompress } from '../interceptors/compression/xz.js';

export interface BenchConfig {
  source: string;
  /** ms before each event, 0 for none */
  interval: number;
  chunkSize: number | null;
  iters: number | null;
  base64: boolean;
  isTransactional: boolean;
  structured: boolean;
  /** 0: no time limit */
  stopAfterSecs: number;
  warmupSecs: number;
  significantFigures: number;
}

/** the elements the source replays: lines or chunks, base64-decoded when asked */
export function benchElements(data: Buffer, config: Pick<BenchConfig, 'chunkSize' | 'base64'>): Buffer[] {
  const parts = config.chunkSize !== null ? splitChunks(data, config.chunkSize) : splitLines(data);
  if (!config.base64) return parts;
  return parts.map((p, i) => {
    const text = p.toString('latin1').trim();
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 === 1) throw new Error(`element ${i + 1} is not base64`);
    return Buffer.from(text, 'base64');
  });
}

/** when to stop: after so many events, at a time (clock ms), or both (null: no limit) */
interface StopAfter {
  events: number | null;
  at: number | null;
}

/** how often (in events) source and sink read the clock for the warmup's end and the stop time */
const CLOCK_EVERY = 64;

export class BenchSource extends Readable {
  private elements: Buffer[] = [];
  private decoder: EventDecoder | null = null;
  private sent = 0;
  private queue: PortEvent[] = [];
  private demand = false;
  private waiting: TimerHandle | null = null;
  private ready = false;
  private stopping = false;
  private finished = false;
  private nextId = 0;
  private stop: StopAfter = { events: null, at: null };
  private timeUp = false;
  private readonly origin;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: BenchConfig,
  ) {
    // its chunks are batches: the buffer holds about highWaterMark events (chunk.ts)
    super({ objectMode: true, highWaterMark: Math.ceil(ctx.highWaterMark / BATCH_MAX) });
    this.origin = { scheme: 'tremor-blaster', host: os.hostname(), port: null, path: [config.source] };
  }

  /** the stop conditions, for the sink too */
  get stopAfter(): StopAfter {
    return this.stop;
  }

  /** reads the file; `onStop` hears the stop conditions before the first event leaves */
  async load(startedAt: number, onStop: (stop: StopAfter) => void = () => {}): Promise<StopAfter> {
    const { source } = this.config;
    let data: Buffer;
    try {
      data = await readFile(source);
      if (source.endsWith('.xz')) data = xzDecompress(data);
      this.elements = benchElements(data, this.config);
    } catch (e) {
      throw new Error(`The bench connector ${this.ctx.id} cannot read ${stringify(source)}: ${messageOf(e)}`);
    }
    const { iters, stopAfterSecs, warmupSecs } = this.config;
    this.stop = {
      events: iters === null ? null : iters * this.elements.length,
      at: stopAfterSecs > 0 ? startedAt + (stopAfterSecs + warmupSecs) * 1000 : null,
    };
    if (this.stop.events === null && this.stop.at === null) this.ctx.report(`${this.ctx.id}: no stop condition is specified; the bench connector emits events until the deployment stops`);
    onStop(this.stop);
    this.ready = true;
    this.pump();
    return this.stop;
  }

  halt(): void {
    this.stopping = true;
    this.pump();
  }

  override _read(): void {
    this.demand = true;
    this.pump();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    if (this.waiting !== null) this.ctx.clock.clearTimer(this.waiting);
    cb(err);
  }

  /** the stop time is looked up every CLOCK_EVERY elements (the clock costs as much as an element) */
  private done(): boolean {
    const { events, at } = this.stop;
    if (this.stopping || this.elements.length === 0 || (events !== null && this.sent >= events)) return true;
    if (at !== null && (this.sent & (CLOCK_EVERY - 1)) === 0 && this.ctx.clock.now() >= at) this.timeUp = true;
    return this.timeUp;
  }

  /** pushes batches (chunk.ts) of up to BATCH_MAX events, or single events with an interval */
  private pump(): void {
    if (this.finished || this.destroyed || this.waiting !== null || (!this.ready && !this.stopping)) return;
    const single = this.config.interval > 0;
    while (this.demand) {
      if (this.queue.length > 0) {
        const batch = this.queue.splice(0, BATCH_MAX);
        // stamped when decoded, just before (next() decodes elements on demand)
        for (const pe of batch) pe.event.id = this.nextId++;
        if (!this.push(batch.length === 1 ? batch[0] : batch)) this.demand = false;
        continue;
      }
      if (this.done()) {
        this.finished = true;
        this.push(null);
        return;
      }
      if (single) {
        // Tremor sleeps before every element it sends
        this.waiting = this.ctx.clock.setTimer(() => {
          this.waiting = null;
          this.next();
          this.pump();
        }, this.config.interval);
        return;
      }
      // a batch's worth of elements (fewer at the stop)
      for (let k = 0; k < BATCH_MAX && this.queue.length < BATCH_MAX && !this.done(); k++) this.next();
    }
  }

  /** decodes the next element (its events, or errors, join the queue) */
  private next(): void {
    if (this.done()) return;
    this.decoder ??= new EventDecoder(this.ctx, { origin: this.origin });
    const el = this.elements[this.sent % this.elements.length];
    this.sent++;
    const events = this.decoder.decode(el);
    for (let i = 0; i < events.length; i++) this.queue.push(events[i]);
  }
}

export class BenchSink extends Writable implements TakesBatches {
  readonly takesBatches = true;
  private readonly histogram: BenchHistogram;
  private readonly encoder: EventEncoder;
  private warmEnd = Infinity;
  private measuring = false;
  /** events written, measured or not */
  private seen = 0;
  /** wall-clock ns of the first and last event measured */
  private first = -1n;
  private last = 0n;
  private count = 0;
  private bytes = 0;
  private stop: StopAfter = { events: null, at: null };
  private timer: TimerHandle | null = null;
  private reported = false;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: BenchConfig,
    private readonly print: (text: string) => void = (text) => void process.stdout.write(text),
  ) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
    this.histogram = new BenchHistogram(config.significantFigures);
    this.encoder = new EventEncoder(ctx);
  }

  /** the connector started at `startedAt` (clock ms): the warmup ends `warmup_secs` later */
  begin(startedAt: number): void {
    this.warmEnd = startedAt + this.config.warmupSecs * 1000;
  }

  /** when to stop: the source knows once it has read its file */
  stopAfter(stop: StopAfter): void {
    this.stop = stop;
    if (stop.at !== null) this.timer = this.ctx.clock.setTimer(() => this.finish(), Math.max(0, stop.at - this.ctx.clock.now()));
  }

  override _write(chunk: Chunk, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (Array.isArray(chunk)) for (let i = 0; i < chunk.length; i++) this.one(chunk[i]);
    else this.one(chunk);
    cb();
  }

  private one(pe: PortEvent): void {
    if (this.reported) return;
    // the clock is read for every event only once measuring (the latency); the warmup's end
    // and the stop time are checked every CLOCK_EVERY events (and by the stop timer)
    let now = -1;
    if ((this.seen++ & (CLOCK_EVERY - 1)) === 0) {
      now = this.ctx.clock.now();
      this.measuring = now >= this.warmEnd;
      if (this.stop.at !== null && now >= this.stop.at) this.finish();
    }
    if (this.measuring) {
      const ingest = pe.event.ingestNs;
      const wall = this.ctx.clock.wallNs();
      this.histogram.record(Number(wall - (typeof ingest === 'bigint' ? ingest : BigInt(Math.round(ingest)))));
      try {
        for (const b of this.encoder.encodeEvent(pe.event)) this.bytes += b.length;
      } catch {
        this.ctx.report(`${this.ctx.id}: failed to encode`);
      }
      this.count++;
      if (this.first < 0n) this.first = wall;
      this.last = wall;
    }
    if (this.stop.events !== null && this.count >= this.stop.events) this.finish();
    ackTx(pe.event.tx);
  }

  /**
   * the flow ended before the sink was done (events dropped on the way, or a stop): report
   * what was measured all the same (Tremor would wait for ever, or print nothing)
   */
  override _final(cb: (e?: Error | null) => void): void {
    this.finish();
    cb();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    if (this.timer !== null) this.ctx.clock.clearTimer(this.timer);
    cb(err);
  }

  /** prints the report once and stops everything (Tremor's forceful stop) */
  finish(): void {
    if (this.reported) return;
    this.reported = true;
    if (this.timer !== null) this.ctx.clock.clearTimer(this.timer);
    this.timer = null;
    this.print(this.report());
    this.ctx.exit(0, false);
  }

  report(): string {
    const runSecs = this.config.stopAfterSecs > 0 ? this.config.stopAfterSecs : Math.max(Number(this.last - this.first) / 1e6, 1) / 1000;
    const figures = { histogram: this.histogram, bytes: this.bytes, count: this.count, runSecs };
    return this.config.structured ? reportJson(figures) : reportText(figures);
  }
}

const CONFIG = schema({
  source: path({ required: true, aliases: ['path'], doc: 'the file to replay, one event per line (0.13: `path`)' }),
  interval: optional(duration('milliseconds', { tremor: 'none (nanoseconds)', doc: 'wait this long before each event' })),
  chunk_size: optional(int({ min: 1, max: 1 << 30, doc: 'split the file into chunks of this many bytes instead of lines' })),
  iters: optional(int({ min: 0, doc: 'replay the file this many times (default: no limit)' })),
  base64: bool({ default: false, doc: 'base64-decode each line or chunk' }),
  is_transactional: bool({ default: false, doc: 'accepted; events are not tracked, as there are no acks to wait for' }),
  structured: bool({ default: false, doc: 'report as one JSON object instead of text' }),
  stop_after_secs: duration('seconds', { default: 0, doc: 'stop after warmup + this many seconds (0: no time limit)' }),
  warmup_secs: duration('seconds', { default: 0, doc: 'events reaching the sink in the first seconds are not measured' }),
  significant_figures: int({ min: 0, max: 255, default: 2, doc: 'precision of the latency histogram (more than 5 counts as 5)' }),
});

export const bench: ConnectorType<BenchConfig> = {
  name: 'bench',
  summary: 'replays a file and reports throughput and latency of what comes back',
  codec: 'optional',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  validate(config: Value): BenchConfig {
    const c = CONFIG.read(owner('bench'), config);
    return {
      source: c.source,
      interval: c.interval ?? 0,
      chunkSize: c.chunk_size ?? null,
      iters: c.iters ?? null,
      base64: c.base64,
      isTransactional: c.is_transactional,
      structured: c.structured,
      stopAfterSecs: c.stop_after_secs,
      warmupSecs: c.warmup_secs,
      significantFigures: Math.min(c.significant_figures, 5),
    };
  },
  create(ctx, config) {
    const c: ConnectorContext = ctx.codec ? ctx : { ...ctx, codec: { name: 'json', config: null } };
    const source = new BenchSource(c, config);
    const sink = new BenchSink(c, config);
    return {
      source,
      sink,
      start: async () => {
        const now = ctx.clock.now();
        sink.begin(now);
        await source.load(now, (stop) => sink.stopAfter(stop));
      },
      stop: async () => source.halt(),
    };
  },
};
