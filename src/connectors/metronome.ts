/**
 * metronome: a periodic source of events.
 *
 * Config (milliseconds, DECISIONS.md):
 *   interval      required, a positive number of milliseconds (fractions allowed)
 *   catch_up      emit missed ticks back to back after backpressure (default false: skip them)
 *   max_catch_up  at most this many missed ticks are emitted (default 1000)
 *
 * Each tick is one event `{"onramp": "metronome", "id": n, "ingest_ns": ns}`: `id` counts the
 * emitted events from 0; `ingest_ns` is the exact wall-clock time of emission. The origin is
 * `tremor-metronome://<hostname>/<interval>`.
 *
 * ```tremor
 * define connector every_second from metronome
 * with
 *   config = {"interval": 1000}
 * end;
 * ```
 *
 * Scheduling: tick k is due at `start + k × interval` on the monotonic clock, so the schedule
 * never drifts however late a timer fires; a timer that fires early re-arms instead of
 * emitting early. When several slots are due at once (a late timer) they are all emitted.
 * Backpressure is the Readable's: once `push()` returns false the consumer is full, and until
 * it reads again (`_read`) due slots are skipped — or, with `catch_up`, counted and emitted
 * back to back (bounded by `max_catch_up`) when it does.
 */
import os from 'node:os';
import { Readable } from 'node:stream';
import { newEvent } from '../runtime/event.js';
import type { Value } from '../runtime/value.js';
import type { Clock, TimerHandle } from '../base/clock.js';
import { bool, schema } from '../runtime/schema.js';
import type { ConnectorType, PortEvent } from './connector.js';
import { duration, owner } from './config-fields.js';

export interface MetronomeConfig {
  interval: number;
  catchUp: boolean;
  maxCatchUp: number;
}

export interface MetronomeOptions extends MetronomeConfig {
  clock: Clock;
  highWaterMark?: number;
  hostname?: string;
}

export class MetronomeSource extends Readable {
  private start = 0;
  /** the next slot to fire (slot k is due at start + k × interval) */
  private slot = 1;
  private nextId = 0;
  private timer: TimerHandle | null = null;
  /** the consumer did not want more data: ticks are skipped (or owed) until it reads */
  private blocked = false;
  private owed = 0;
  private running = false;
  private readonly origin;

  constructor(private readonly opts: MetronomeOptions) {
    super({ objectMode: true, highWaterMark: opts.highWaterMark ?? 16 });
    this.origin = { scheme: 'tremor-metronome', host: opts.hostname ?? os.hostname(), port: null, path: [String(opts.interval)] };
  }

  /** starts the schedule: the first tick comes one interval from now */
  begin(): void {
    if (this.running || this.destroyed) return;
    this.running = true;
    this.start = this.opts.clock.now();
    this.arm();
  }

  /** stops ticking and ends the stream after the ticks already emitted */
  halt(): void {
    if (!this.running) return;
    this.running = false;
    if (this.timer !== null) this.opts.clock.clearTimer(this.timer);
    this.timer = null;
    this.push(null);
  }

  override _read(): void {
    this.blocked = false;
    while (this.owed > 0 && this.running) {
      this.owed--;
      if (!this.emitTick()) return;
    }
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.running = false;
    if (this.timer !== null) this.opts.clock.clearTimer(this.timer);
    this.timer = null;
    cb(err);
  }

  private arm(): void {
    const due = this.start + this.slot * this.opts.interval;
    this.timer = this.opts.clock.setTimer(() => this.fire(), due - this.opts.clock.now());
  }

  private fire(): void {
    this.timer = null;
    if (!this.running) return;
    const now = this.opts.clock.now();
    const due = this.start + this.slot * this.opts.interval;
    if (now < due) {
      // never early: timers may fire a fraction of a millisecond before their time
      this.arm();
      return;
    }
    const last = Math.floor((now - this.start) / this.opts.interval);
    for (let s = this.slot; s <= last; s++) {
      if (this.blocked) {
        if (this.opts.catchUp) this.owed = Math.min(this.owed + 1, this.opts.maxCatchUp);
      } else if (!this.emitTick()) {
        this.blocked = true;
      }
    }
    this.slot = last + 1;
    this.arm();
  }

  /** pushes one tick; false when the consumer is now full */
  private emitTick(): boolean {
    const ns = this.opts.clock.wallNs();
    const id = this.nextId++;
    const data: Value = { onramp: 'metronome', id, ingest_ns: ns };
    const chunk: PortEvent = { port: 'out', event: newEvent(data, ns, id, {}, this.origin) };
    return this.push(chunk);
  }
}

const CONFIG = schema({
  interval: duration('milliseconds', { positive: true, required: true, doc: 'the period between events' }),
  catch_up: bool({ default: false, doc: 'emit the ticks missed while the flow was full back to back' }),
  max_catch_up: duration('milliseconds', { positive: true, default: 1000, doc: 'at most this many missed ticks are caught up' }),
});

export const metronome: ConnectorType<MetronomeConfig> = {
  name: 'metronome',
  summary: 'periodic events, every `interval` milliseconds',
  codec: 'none',
  outputs: () => ['out', 'err'],
  inputs: () => [],
  config: CONFIG,
  validate(config: Value): MetronomeConfig {
    const c = CONFIG.read(owner('metronome'), config) as { interval: number; catch_up: boolean; max_catch_up: number };
    return { interval: c.interval, catchUp: c.catch_up, maxCatchUp: Math.floor(c.max_catch_up) };
  },
  create(ctx, config) {
    const source = new MetronomeSource({ ...config, clock: ctx.clock, highWaterMark: ctx.highWaterMark });
    return {
      source,
      start: async () => source.begin(),
      stop: async () => source.halt(),
    };
  },
};
