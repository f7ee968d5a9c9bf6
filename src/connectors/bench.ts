/**
 * bench: replays a file as fast as the flow takes it and measures what comes back.
 *
 * Config:
 *   path                required, a file of events (one per line with the default preprocessors)
 *   iters               replay the file this many times (default: no limit)
 *   stop_after_secs     stop replaying after warmup + this many seconds (default: no limit)
 *   warmup_secs         events reaching the sink in the first seconds are not measured (default 0)
 *   significant_figures precision of the latency histogram, 1–5 (default 2)
 *
 * A codec is required; preprocessors default to `["separate"]`. The file is read into memory
 * once; every iteration decodes it afresh (a new preprocessor and codec state), so decoding is
 * part of what is measured. Each event's `ingest_ns` is the wall-clock time it is handed to
 * the flow. The source ends after `iters` iterations or `stop_after_secs` (with neither, it
 * runs until the deployment stops). Wire both parts of the same connector, as in Tremor:
 *
 * ```tremor
 * define connector bench from bench
 * with
 *   codec = "json",
 *   config = {"path": "data.json", "iters": 10, "warmup_secs": 1}
 * end;
 * create connector bench;
 * create pipeline main;
 * connect /connector/bench to /pipeline/main;
 * connect /pipeline/main to /connector/bench;
 * ```
 *
 * The sink records each event's latency (now − ingest_ns) in a log-linear histogram with the
 * configured significant figures (HDR-style: values are kept to within 1 part in
 * 10^figures), and counts events and bytes (each event re-encoded with the codec, as Tremor's
 * bench sink does). When the sink ends — the source finished and the flow drained — it reports
 * throughput (events/s, MB/s) and latency percentiles (p50 p90 p99 p99.9 max) as one block,
 * then stops the deployment with status 0.
 */
import os from 'node:os';
import { messageOf } from '../base/message-of.js';
import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { stringify } from '../runtime/json.js';
import { int, schema } from '../runtime/schema.js';
import type { Value } from '../runtime/value.js';
import type { ConnectorContext, ConnectorType, PortEvent } from './connector.js';
import { duration, owner, path } from './config-fields.js';
import { EventDecoder, EventEncoder } from './framing.js';

export interface BenchConfig {
  path: string;
  iters: number | null;
  stopAfterSecs: number | null;
  warmupSecs: number;
  significantFigures: number;
}

/**
 * A log-linear histogram of non-negative integers (HDR's layout): values below 2^bits are
 * kept exactly; above, each power of two is split into 2^(bits−1) equal buckets, so a
 * bucket's width is at most 1 / 2^(bits−1) of its values — `bits` is chosen so that this is
 * finer than the requested significant figures. Rows are allocated on first use.
 */
export class Histogram {
  private readonly bits: number;
  private readonly half: number;
  private readonly rows: (Float64Array | undefined)[] = [];
  count = 0;
  max = 0;

  constructor(readonly significantFigures = 2) {
    this.bits = Math.ceil(Math.log2(2 * 10 ** significantFigures));
    this.half = 2 ** (this.bits - 1);
  }

  record(value: number): void {
    const v = value > 0 ? Math.min(Math.round(value), Number.MAX_SAFE_INTEGER) : 0;
    const msb = v < 2 ** 32 ? 31 - Math.clz32(v) : 63 - Math.clz32(Math.floor(v / 2 ** 32));
    const shift = Math.max(0, msb - (this.bits - 1));
    const row = (this.rows[shift] ??= new Float64Array(shift === 0 ? 2 * this.half : this.half));
    row[shift === 0 ? v : Math.floor(v / 2 ** shift) - this.half]++;
    this.count++;
    if (v > this.max) this.max = v;
  }

  /** the value at or below which `p` percent of the recorded values lie (HDR's rounding up) */
  percentile(p: number): number {
    if (this.count === 0) return 0;
    const target = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let shift = 0; shift < this.rows.length; shift++) {
      const row = this.rows[shift];
      if (!row) continue;
      for (let i = 0; i < row.length; i++) {
        seen += row[i];
        if (seen >= target) {
          // the highest value of the bucket, as HDR reports it, but never above the maximum
          const low = shift === 0 ? i : (i + this.half) * 2 ** shift;
          return Math.min(low + 2 ** shift - 1, this.max);
        }
      }
    }
    return this.max;
  }
}

/** nanoseconds in a readable unit, three significant figures */
export function formatNs(ns: number): string {
  const [div, unit] = ns < 1e3 ? [1, 'ns'] : ns < 1e6 ? [1e3, 'µs'] : ns < 1e9 ? [1e6, 'ms'] : [1e9, 's'];
  return `${Number((ns / div).toPrecision(3))} ${unit}`;
}

const CHUNK = 64 * 1024;

export class BenchSource extends Readable {
  private data: Buffer | null = null;
  private decoder: EventDecoder | null = null;
  private offset = 0;
  private iteration = 0;
  private queue: PortEvent[] = [];
  private head = 0;
  private demand = false;
  private stopAt = Infinity;
  private stopping = false;
  private finished = false;
  private nextId = 0;
  private readonly origin;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: BenchConfig,
  ) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
    this.origin = { scheme: 'tremor-blaster', host: os.hostname(), port: null, path: [config.path] };
  }

  async load(startedAt: number): Promise<void> {
    try {
      this.data = await readFile(this.config.path);
    } catch (e) {
      throw new Error(`The bench connector ${this.ctx.id} cannot read ${stringify(this.config.path)}: ${messageOf(e)}`);
    }
    if (this.config.stopAfterSecs !== null) this.stopAt = startedAt + (this.config.warmupSecs + this.config.stopAfterSecs) * 1000;
    this.pump();
  }

  halt(): void {
    this.stopping = true;
    this.pump();
  }

  override _read(): void {
    this.demand = true;
    this.pump();
  }

  private pump(): void {
    const data = this.data;
    if (this.finished || this.destroyed || (!data && !this.stopping)) return;
    while (this.demand || this.stopping) {
      if (this.stopping || !data || this.ctx.clock.now() >= this.stopAt || (this.config.iters !== null && this.iteration >= this.config.iters) || data.length === 0) {
        this.finished = true;
        this.push(null);
        return;
      }
      if (this.head < this.queue.length) {
        const pe = this.queue[this.head++];
        // the time it enters the flow, not when its chunk was decoded
        pe.event.ingestNs = this.ctx.clock.wallNs();
        pe.event.id = this.nextId++;
        if (!this.push(pe)) this.demand = false;
        continue;
      }
      this.refill(data);
    }
  }

  /** decodes the next chunk of the current iteration (or finishes the iteration) */
  private refill(data: Buffer): void {
    this.decoder ??= new EventDecoder(this.ctx, { origin: this.origin });
    if (this.offset < data.length) {
      const end = Math.min(this.offset + CHUNK, data.length);
      this.queue = this.decoder.decode(data.subarray(this.offset, end));
      this.offset = end;
    } else {
      this.queue = this.decoder.finish();
      this.decoder = null;
      this.offset = 0;
      this.iteration++;
    }
    this.head = 0;
  }
}

export class BenchSink extends Writable {
  private readonly histogram: Histogram;
  private readonly encoder: EventEncoder;
  private warmEnd = Infinity;
  private last = 0;
  private bytes = 0;
  private reported = false;
  private readonly warmSecs: number;

  constructor(
    private readonly ctx: ConnectorContext,
    config: BenchConfig,
  ) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
    this.histogram = new Histogram(config.significantFigures);
    this.encoder = new EventEncoder(ctx);
    this.warmSecs = config.warmupSecs;
  }

  begin(startedAt: number): void {
    this.warmEnd = startedAt + this.warmSecs * 1000;
  }

  override _write(chunk: PortEvent, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    const now = this.ctx.clock.now();
    if (now >= this.warmEnd) {
      const ingest = chunk.event.ingestNs;
      const latency = Number(this.ctx.clock.wallNs() - (typeof ingest === 'bigint' ? ingest : BigInt(Math.round(ingest))));
      this.histogram.record(latency);
      try {
        for (const b of this.encoder.encodeEvent(chunk.event)) this.bytes += b.length;
      } catch {
        // a value the codec cannot encode counts as an event without bytes
      }
      this.last = now;
    }
    cb();
  }

  override _final(cb: (e?: Error | null) => void): void {
    if (!this.reported) {
      this.reported = true;
      this.ctx.report(this.summary());
      this.ctx.exit(0);
    }
    cb();
  }

  summary(): string {
    const h = this.histogram;
    if (h.count === 0) return `bench ${this.ctx.id}: no events were measured`;
    const secs = Math.max(this.last - this.warmEnd, 1e-6) / 1000;
    const pct = ([50, 90, 99, 99.9] as const).map((p) => `p${p} ${formatNs(h.percentile(p))}`).join('  ');
    return [
      `bench ${this.ctx.id}: ${h.count} events, ${(this.bytes / 1e6).toFixed(2)} MB in ${secs.toFixed(3)} s${this.warmSecs > 0 ? ` (after ${this.warmSecs} s warmup)` : ''}`,
      `  throughput  ${(h.count / secs).toFixed(1)} events/s  ${(this.bytes / 1e6 / secs).toFixed(2)} MB/s`,
      `  latency     ${pct}  max ${formatNs(h.max)}`,
    ].join('\n');
  }
}

const CONFIG = schema({
  path: path({ required: true, doc: 'a file of events (one per line with the default preprocessors)' }),
  iters: int({ min: 1, doc: 'replay the file this many times (default: no limit)' }),
  stop_after_secs: duration('seconds', { positive: true, doc: 'stop replaying after warmup + this many seconds (default: no limit)' }),
  warmup_secs: duration('seconds', { default: 0, doc: 'events reaching the sink in the first seconds are not measured' }),
  significant_figures: int({ min: 1, max: 5, default: 2, doc: 'precision of the latency histogram' }),
});

export const bench: ConnectorType<BenchConfig> = {
  name: 'bench',
  summary: 'replays a file and reports throughput and latency of what comes back',
  codec: 'required',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  validate(config: Value): BenchConfig {
    const c = CONFIG.read(owner('bench'), config) as { path: string; iters?: number; stop_after_secs?: number; warmup_secs: number; significant_figures: number };
    return { path: c.path, iters: c.iters ?? null, stopAfterSecs: c.stop_after_secs ?? null, warmupSecs: c.warmup_secs, significantFigures: c.significant_figures };
  },
  create(ctx, config) {
    // Tremor's bench splits lines by itself; here the `separate` preprocessor does it
    const c: ConnectorContext = ctx.preprocessors.length > 0 ? ctx : { ...ctx, preprocessors: [{ name: 'separate', config: null }] };
    const source = new BenchSource(c, config);
    const sink = new BenchSink(c, config);
    return {
      source,
      sink,
      start: async () => {
        const now = ctx.clock.now();
        sink.begin(now);
        await source.load(now);
      },
      stop: async () => source.halt(),
    };
  },
};
