/**
 * A jetstream source's status line (`status_interval_ms`): every interval the process says
 * how its durable consumer stands — the lag (messages in the stream not delivered yet, as of
 * the last delivery to this process), the messages it holds unacked, and how many of those
 * were redelivered — on the report channel (stderr under `run`), one line:
 *
 *   main::events: consumer workers: lag 1520, unacked 64, redelivered 3
 *
 * With several processes on one consumer the lag is the consumer's, each process sees it
 * shrink as the group works through it; the unacked messages are its own. A partitioned
 * source says which partitions it holds and sums the figures of their consumers:
 *
 *   main::events: consumer counters: partitions 0,3,5 of 8, lag 120, unacked 940, redelivered 0
 */
import type { TimerHandle } from '../../base/clock.js';
import type { ConnectorContext } from '../connector.js';

export interface StatusFigures {
  /** the partitions held, of how many (null: unpartitioned) */
  partitions: { owned: number[]; of: number } | null;
  lag: number;
  unacked: number;
  redelivered: number;
}

export class ConsumerStatus {
  private timer: TimerHandle | null = null;
  private figures: (() => StatusFigures) | null = null;

  constructor(
    private readonly ctx: Pick<ConnectorContext, 'id' | 'clock' | 'report'>,
    private readonly consumer: string,
    private readonly intervalMs: number,
  ) {}

  /** reports `figures` every interval from now on */
  start(figures: () => StatusFigures): void {
    this.figures = figures;
    if (this.intervalMs <= 0 || this.timer !== null) return;
    const tick = () => {
      this.timer = this.ctx.clock.setTimer(tick, this.intervalMs);
      this.once();
    };
    this.timer = this.ctx.clock.setTimer(tick, this.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) this.ctx.clock.clearTimer(this.timer);
    this.timer = null;
  }

  private once(): void {
    const i = this.figures?.();
    if (!i) return;
    const held = i.partitions ? `partitions ${i.partitions.owned.join(',') || 'none'} of ${i.partitions.of}, ` : '';
    this.ctx.report(`${this.ctx.id}: consumer ${this.consumer}: ${held}lag ${i.lag}, unacked ${i.unacked}, redelivered ${i.redelivered}`);
  }
}
