/**
 * The source part of the jetstream connector: the messages of one durable pull consumer, or
 * of the partitions this process holds, become transactional events (reader.ts) in one queue.
 *
 * Unpartitioned, the source reads the durable consumer `consumer`: several processes reading
 * it share its messages (work sharing). Partitioned (`partitions = N`), partition p is the
 * subject `<subject>.<p>` (what a partitioned jetstream sink publishes to, or a server
 * mapping `{{partition(N, …)}}`), read through its own durable consumer `<consumer>_<p>`
 * (created when missing), and only by the process holding its lease (leases.ts): every event
 * of a key reaches one process, so windows and groups by key are whole there. A process
 * whose lease is lost stops reading that partition; one that acquires a lease starts.
 *
 * Keyed state survives its owner's death through the acks: an event is acked only once its
 * effect has left the flow (a window's events when the window is emitted and written), so
 * what a dead owner held in its open windows is unacked, and the partition's consumer hands
 * it to the new owner (after `ack_wait_ms`), in order, before newer messages. The open
 * windows are rebuilt from them: per-key results are those of one process, and an event
 * already acked is never counted again. Its cost: `max_ack_pending` must exceed what a
 * partition's open windows hold, and `ack_wait_ms` the time a window takes to fill.
 */
import type { JetStreamClient } from '@nats-io/jetstream';
import type { TimerHandle } from '../../base/clock.js';
import { messageOf } from '../../base/message-of.js';
import type { ConnectorContext } from '../connector.js';
import { EventQueue } from '../net/event-queue.js';
import { PartitionLeases, type LeaseStore } from './leases.js';
import { Held } from './held.js';
import { JsReader, type ReaderSpec } from './reader.js';
import { ConsumerStatus, type StatusFigures } from './status.js';

export interface ConsumerSpec extends Omit<ReaderSpec, 'partition' | 'consumer'> {
  /** the durable consumer, or the prefix of the partitions' ones */
  consumer: string;
  /** partitions (0: none) */
  partitions: number;
  /** the consumer's ack wait (ms) */
  ackWaitMs: number;
  leaseMs: number;
  /** this process among the lease holders */
  owner: string;
  /** the source is done with the connection */
  done(): void;
  /** the source was destroyed: the connection goes at once */
  destroyed(): void;
  /** the status line's interval (ms, 0: none; status.ts) */
  statusIntervalMs: number;
}

/** what the source needs of a connection */
export interface ConsumerLink {
  js: JetStreamClient;
  /** creates partition p's durable consumer when missing */
  provision(partition: number): Promise<void>;
  /** the lease bucket */
  leases(): Promise<LeaseStore>;
}

export class JsConsumer {
  readonly source: EventQueue;
  private readonly readers = new Map<number, JsReader>();
  /** readers stopped and not ended yet (their last batch still being pushed) */
  private readonly ending = new Set<JsReader>();
  /** by partition (-1: unpartitioned), the messages held unanswered here (reader.ts) */
  private readonly held = new Map<number, Held>();
  private readonly leases: PartitionLeases | null;
  private link: ConsumerLink | null = null;
  private stopping = false;
  /** the leases are given up (at once when there are none) */
  private released: boolean;
  private finished = false;
  private readonly status: ConsumerStatus;
  /** the timer keeping held messages alive (held.ts) */
  private keeping: TimerHandle | null = null;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly spec: ConsumerSpec,
  ) {
    this.status = new ConsumerStatus(ctx, spec.consumer, spec.statusIntervalMs);
    this.source = new EventQueue(ctx.highWaterMark, () => {
      this.status.stop();
      this.stopKeeping();
      this.stopping = true;
      void this.leases?.stop();
      for (const r of this.readers.values()) r.abort();
      this.spec.destroyed();
    });
    this.leases =
      spec.partitions > 0
        ? new PartitionLeases(ctx.clock, { count: spec.partitions, leaseMs: spec.leaseMs, owner: spec.owner }, { acquired: (p) => this.acquired(p), lost: (p) => this.retire(p) }, (line) =>
            ctx.report(`${ctx.id}: ${line}`),
          )
        : null;
    this.released = this.leases === null;
  }

  /** whether anything reads the source (the flow wired it before starting) */
  get wanted(): boolean {
    return this.source.readableFlowing !== null && !this.source.stopped && !this.stopping;
  }

  /** consumes on a (new) connection */
  async attach(link: ConsumerLink): Promise<void> {
    if (this.stopping) return;
    this.link = link;
    this.status.start(() => this.figures());
    this.keepAlive();
    if (!this.leases) {
      const r = this.readers.get(-1) ?? this.reader(-1, this.spec.consumer);
      await r.attach(link.js);
      return;
    }
    await Promise.all([...this.readers.values()].map((r) => r.attach(link.js)));
    this.leases.start(await link.leases());
  }

  /** no more messages: what was taken is still pushed, then the source ends */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.status.stop();
    this.stopKeeping();
    for (const p of [...this.readers.keys()]) this.retire(p);
    void this.leases?.stop().then(() => {
      this.released = true;
      this.settle();
    });
    this.settle();
  }

  /** ends the source once stopping, with no reader left and the leases given up */
  private settle(): void {
    if (this.stopping && this.released && this.readers.size === 0 && this.ending.size === 0) this.finish();
  }

  /** partition p's reader (-1: the one reader) pulls no more; a new one may take its place */
  private retire(p: number): void {
    const r = this.readers.get(p);
    if (!r) return;
    this.readers.delete(p);
    this.ending.add(r);
    r.stop();
  }

  private acquired(p: number): void {
    const link = this.link;
    if (this.stopping || this.readers.has(p) || !link) return;
    const r = this.reader(p, `${this.spec.consumer}_${p}`);
    void link
      .provision(p)
      .then(() => r.attach(link.js))
      .catch((e: unknown) => {
        this.ctx.report(`${this.ctx.id}: cannot read partition ${p}: ${messageOf(e)}`);
        if (this.readers.get(p) === r) this.retire(p);
      });
  }

  private reader(key: number, consumer: string): JsReader {
    const { stream, nakDelayMs, window, host, port } = this.spec;
    let held = this.held.get(key);
    if (!held) this.held.set(key, (held = new Held(this.spec.ackWaitMs, this.ctx.clock.now())));
    const r = new JsReader(this.ctx, { stream, consumer, partition: key < 0 ? null : key, nakDelayMs, window, host, port }, this.source, held, (done) => {
      if (this.readers.get(key) === done) this.readers.delete(key);
      this.ending.delete(done);
      this.source.forget(done);
      this.settle();
    });
    this.readers.set(key, r);
    return r;
  }

  private figures(): StatusFigures {
    let lag = 0;
    let unacked = 0;
    let redelivered = 0;
    for (const r of this.readers.values()) {
      const f = r.figures();
      lag += f.lag;
      unacked += f.unacked;
      redelivered += f.redelivered;
    }
    return { partitions: this.leases ? { owned: this.leases.owned(), of: this.spec.partitions } : null, lag, unacked, redelivered };
  }

  /** every third of an ack wait, the held messages are kept alive until the source ends */
  private keepAlive(): void {
    if (this.keeping !== null) return;
    const every = Math.max(1, Math.floor(this.spec.ackWaitMs / 3));
    const tick = () => {
      const now = this.ctx.clock.now();
      for (const h of this.held.values()) h.keepAlive(now);
      this.keeping = this.ctx.clock.setTimer(tick, every);
    };
    this.keeping = this.ctx.clock.setTimer(tick, every);
  }

  private stopKeeping(): void {
    if (this.keeping !== null) this.ctx.clock.clearTimer(this.keeping);
    this.keeping = null;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.stopKeeping();
    this.source.end();
    this.spec.done();
  }
}
