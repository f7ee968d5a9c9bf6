/**
 * A jetstream source's status line (`status_interval_ms`): every interval the process says
 * how its durable consumer stands — the lag (messages in the stream it has not been given
 * yet), the messages it holds unacked, and those redelivered — on the report channel
 * (stderr under `run`), one line:
 *
 *   main::events: consumer workers: lag 1520, unacked 64, redelivered 3
 *
 * With several processes on one consumer each reports the same consumer's figures: the lag
 * is the consumer's, the process sees it shrink as the group works through it.
 */
import type { ConsumerInfo } from '@nats-io/jetstream';
import type { TimerHandle } from '../../base/clock.js';
import { messageOf } from '../../base/message-of.js';
import type { ConnectorContext } from '../connector.js';

export class ConsumerStatus {
  private timer: TimerHandle | null = null;
  private info: (() => Promise<ConsumerInfo>) | null = null;

  constructor(
    private readonly ctx: Pick<ConnectorContext, 'id' | 'clock' | 'report'>,
    private readonly consumer: string,
    private readonly intervalMs: number,
  ) {}

  /** reports every interval from now on, with `info` (a new connection's consumer) */
  start(info: () => Promise<ConsumerInfo>): void {
    this.info = info;
    if (this.intervalMs <= 0 || this.timer !== null) return;
    const tick = () => {
      this.timer = this.ctx.clock.setTimer(tick, this.intervalMs);
      void this.once();
    };
    this.timer = this.ctx.clock.setTimer(tick, this.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) this.ctx.clock.clearTimer(this.timer);
    this.timer = null;
  }

  private async once(): Promise<void> {
    const info = this.info;
    if (!info) return;
    try {
      const i = await info();
      this.ctx.report(`${this.ctx.id}: consumer ${this.consumer}: lag ${i.num_pending}, unacked ${i.num_ack_pending}, redelivered ${i.num_redelivered}`);
    } catch (e) {
      this.ctx.report(`${this.ctx.id}: consumer ${this.consumer}: status unknown (${messageOf(e)})`);
    }
  }
}
