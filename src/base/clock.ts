/**
 * Time for connectors and the flow runtime, injectable so that schedules are tested
 * deterministically: `systemClock` is the real one, `ManualClock` a test clock whose time
 * only moves when the test says so.
 */
import { wallClockNs } from './wallclock.js';

export type TimerHandle = unknown;

export interface Clock {
  /** monotonic milliseconds, fractional */
  now(): number;
  /** wall-clock nanoseconds since the epoch, exact */
  wallNs(): bigint;
  setTimer(fn: () => void, ms: number): TimerHandle;
  clearTimer(h: TimerHandle): void;
}

export const systemClock: Clock = Object.freeze({
  now: () => performance.now(),
  wallNs: wallClockNs,
  setTimer: (fn: () => void, ms: number) => setTimeout(fn, Math.max(0, ms)),
  clearTimer: (h: TimerHandle) => clearTimeout(h as NodeJS.Timeout),
});

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/** A clock for tests: `advance(ms)` runs the timers that fall due, in time order. */
export class ManualClock implements Clock {
  private t = 0;
  private seq = 0;
  private readonly timers = new Map<number, Pending>();

  constructor(
    private readonly epochNs = 1_764_000_000_000_000_000n,
    /** how late timers fire, to model a real event loop */
    private readonly lateness: () => number = () => 0,
  ) {}

  now(): number {
    return this.t;
  }

  wallNs(): bigint {
    return this.epochNs + BigInt(Math.round(this.t * 1e6));
  }

  setTimer(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.timers.set(id, { at: this.t + Math.max(0, ms) + this.lateness(), seq: id, fn });
    return id;
  }

  clearTimer(h: TimerHandle): void {
    this.timers.delete(h as number);
  }

  /** moves time forward by `ms`, firing due timers at their own times */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      let next: [number, Pending] | null = null;
      for (const e of this.timers) if (e[1].at <= end && (!next || e[1].at < next[1].at || (e[1].at === next[1].at && e[1].seq < next[1].seq))) next = e;
      if (!next) break;
      this.timers.delete(next[0]);
      this.t = Math.max(this.t, next[1].at);
      next[1].fn();
    }
    this.t = end;
  }

  get pending(): number {
    return this.timers.size;
  }
}
