/**
 * One durable pull consumer's messages, as transactional events, into the jetstream source's
 * queue; the sinks' answers go back to the server for each message.
 *
 *   consume() ─▶ JsMsg ─▶ EventDecoder ─▶ {port: 'out', event, tx} ──▶ … sinks ─▶ ack ─▶ msg.ack()
 *                                     │                                      └─▶ fail ─▶ msg.nak(delay)
 *                                     └─▶ {port: 'err', …} (the message is acked at once)
 *
 * Each message is decoded on its own (its own decoder: a message is a unit of delivery, so
 * no preprocessor may join it with the next), with `$jetstream = {stream, subject, seq,
 * consumer_seq, redelivered, redelivery_count, headers}` (and `partition` when the reader
 * reads one partition). Its events share one transaction (runtime/tx.ts) whose stream number
 * is the message's own key: an event merging several messages (a window, a batch) carries
 * one entry per message, and every one of them is answered. The message is acked once each
 * of its `out` events is acked, nak'ed as soon as one fails (with the delay `nak_delay_ms`,
 * doubling per redelivery up to 30 s); later answers are ignored. A message without `out`
 * events (bad input goes to `err`) is acked at once: it would fail the same way each time.
 * Events dropped in a pipeline are answered by nobody (Tremor's rule): their message stays
 * unacked here, counting against `max_ack_pending`, and comes again to another process if
 * this one ends. A flow that filters should route what it does not want to a sink that acks
 * (`null`) rather than drop it.
 *
 * Held messages: the server delivers a message again once `ack_wait_ms` has passed without
 * an answer, also while its events are still on their way here (pulled ahead, queued, or in
 * an open window waiting to fill). A delivery of a message this process still holds is not
 * processed twice: its answer goes to the latest delivery instead; nor is one it acked in the
 * last ack wait or two (the redelivery crossed the ack), which is acked again. The held set
 * is the consumer's in this process, so a reader that replaces another (a partition's lease
 * lost and acquired again) sees it too.
 *
 * Backpressure: `consume()` keeps at most `window` pulled messages in the client and pulls
 * more as they are taken; while the queue is full the next one is not taken (the loop waits
 * at the gate), so nothing more is fetched. `max_ack_pending` bounds what the server hands
 * out before acks come back. A stopped reader pulls nothing more; the events it has handed
 * on are still answered.
 */
import type { Consumer, ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { setImmediate } from 'node:timers/promises';
import { messageOf } from '../../base/message-of.js';
import type { Rec } from '../../runtime/value.js';
import { txOf, type TxSource } from '../../runtime/tx.js';
import type { ConnectorContext } from '../connector.js';
import { EventDecoder } from '../framing.js';
import type { EventQueue, Pausable } from '../net/event-queue.js';
import { nakDelay } from './config.js';
import { Gate } from '../nats/gate.js';
import type { Held, Pending } from './held.js';

export interface ReaderSpec {
  stream: string;
  /** the durable consumer */
  consumer: string;
  /** the partition it reads, or null */
  partition: number | null;
  nakDelayMs: number;
  /** messages pulled ahead, at most */
  window: number;
  /** the first of the configured hosts, for the origin */
  host: string;
  port: number;
}

/** messages taken between two turns of the event loop */
const YIELD_EVERY = 256;

/** how long one pull waits for messages (ms) */
const FETCH_WAIT_MS = 10_000;

export class JsReader implements Pausable, TxSource {
  private messages: ConsumerMessages | null = null;
  /** the messages the server had left for the consumer at the last delivery (null: none yet) */
  private lastPending: number | null = null;
  private stopping = false;
  private pumping = false;
  /** attachments so far: the loop of an older one ends */
  private generation = 0;
  private ended = false;
  private readonly gate = new Gate();
  private readonly pending = new Map<number, Pending>();
  private nextKey = 1;

  constructor(
    private readonly ctx: ConnectorContext,
    readonly spec: ReaderSpec,
    private readonly queue: EventQueue,
    /** shared by the successive readers of one consumer in this process */
    private readonly held: Held,
    /** the reader pulls no more (stopped, or its loop failed after a stop) */
    private readonly onEnd: (r: JsReader) => void,
  ) {}

  /** consumes on a (new) connection's JetStream client */
  async attach(js: JetStreamClient): Promise<void> {
    if (this.stopping) return;
    const c = await js.consumers.get(this.spec.stream, this.spec.consumer);
    if (this.stopping) return;
    void this.pump(c, ++this.generation);
  }

  /**
   * The status line's figures, from what this process saw (status.ts): the consumer's lag as
   * of its last delivery here, and its own messages held unanswered, redelivered or not.
   * (Not the server's consumer info: nats-server 2.9 counts a filtered consumer's pending
   * messages by scanning the stream, which at a status line a second stalled its deliveries.)
   */
  figures(): { lag: number; unacked: number; redelivered: number } {
    let redelivered = 0;
    for (const p of this.pending.values()) if (p.msg.redelivered) redelivered++;
    return { lag: this.lastPending ?? 0, unacked: this.pending.size, redelivered };
  }

  /** no more messages: what was taken is still pushed, then `onEnd` */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.resume();
    this.messages?.stop();
    if (!this.pumping) this.end();
  }

  /** stops at once, without waiting for the loop (the source was destroyed) */
  abort(): void {
    this.stopping = true;
    this.resume();
    void this.messages?.close();
  }

  pause(): void {
    this.gate.close();
  }

  resume(): void {
    this.gate.open();
  }

  ack(stream: number): void {
    const p = this.pending.get(stream);
    if (!p || --p.remaining > 0) return;
    this.pending.delete(stream);
    this.held.acked(p, this.ctx.clock.now());
    p.msg.ack();
  }

  fail(stream: number): void {
    const p = this.pending.get(stream);
    if (!p) return;
    this.pending.delete(stream);
    this.held.pending.delete(p.msg.seq);
    p.msg.nak(nakDelay(this.spec.nakDelayMs, p.msg.info.deliveryCount));
  }

  /**
   * Pulls batches of at most `window` messages, one after the other, each request waiting at
   * most `FETCH_WAIT_MS` for messages to come. A pull that fails is made again: a loaded
   * process misses the server's idle heartbeats (its timers run late), which ends a pull
   * with an error although nothing is wrong. (Not `consume()`: after such a miss its pulls
   * stopped being made, and the partition with them.) The loop of an older connection ends
   * once a new one is attached.
   */
  private async pump(c: Consumer, generation: number): Promise<void> {
    this.pumping = true;
    let failures = 0;
    try {
      while (!this.stopping && generation === this.generation) {
        try {
          // the server delivers a pull's messages after it is made: its time is the earliest
          // at which their ack wait can have started (take())
          const pulledAt = this.ctx.clock.now();
          const batch = await c.fetch({ max_messages: this.spec.window, expires: FETCH_WAIT_MS, idle_heartbeat: FETCH_WAIT_MS / 2 });
          this.messages = batch;
          if (this.stopping) batch.stop();
          let taken = 0;
          for await (const m of batch) {
            if (this.stopping && this.queue.destroyed) break;
            this.take(m, pulledAt);
            if (this.gate.closed) await this.gate.passed();
            // a batch already here is taken in microtasks: let timers (lease renewals) and I/O in
            else if (++taken % YIELD_EVERY === 0) await setImmediate();
          }
          failures = 0;
        } catch (e) {
          if (this.stopping || generation !== this.generation) break;
          if (!/heartbeats missed/i.test(messageOf(e)) && failures++ % 100 === 0) this.ctx.report(`The ${this.ctx.id} connector's consumer ${this.spec.consumer}: a pull failed (made again): ${messageOf(e)}`);
          await new Promise<void>((resolve) => this.ctx.clock.setTimer(resolve, Math.min(1000, 10 * failures)));
        } finally {
          this.messages = null;
        }
      }
    } finally {
      if (generation === this.generation) this.pumping = false;
      if (this.stopping) this.end();
    }
  }

  /**
   * `pulledAt`: when the pull that brought `m` was made. The server's ack wait for `m` started
   * then or later, but possibly long before `m` is taken here: a starved process takes the
   * messages of a batch late. Held messages count their time from it (held.ts): a message
   * taken late and acked at once is still remembered if a redelivery may have crossed its
   * ack, and is kept alive in time.
   */
  private take(m: JsMsg, pulledAt: number): void {
    this.lastPending = m.info.pending;
    const again = this.held.pending.get(m.seq);
    if (again) {
      // redelivered (ack_wait passed) while its events are still in this process's flow, in
      // a window or a queue: not processed twice; the answer goes to the latest delivery
      again.msg = m;
      again.touched = pulledAt;
      return;
    }
    if (m.redelivered && this.held.ackedLately(m.seq)) {
      // redelivered before our ack reached the server, and taken after it was sent
      m.ack();
      return;
    }
    const decoder = new EventDecoder(this.ctx, { origin: null, meta: () => this.meta(m) });
    const events = [...decoder.decode(m.data), ...decoder.finish()];
    const key = this.nextKey++;
    let outs = 0;
    for (const pe of events) {
      pe.event.origin = { scheme: 'tremor-jetstream', host: this.spec.host, port: this.spec.port, path: [this.spec.stream, m.subject] };
      if (pe.port === 'out') {
        pe.event.tx = txOf(this, key, m.seq);
        outs++;
      }
    }
    if (outs === 0) m.ack();
    else {
      const p = { msg: m, remaining: outs, since: pulledAt, touched: pulledAt };
      this.pending.set(key, p);
      this.held.pending.set(m.seq, p);
    }
    this.queue.deliver(events, this);
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.onEnd(this);
  }

  private meta(m: JsMsg): Rec {
    const i = m.info;
    const jetstream: Rec = {
      stream: i.stream,
      subject: m.subject,
      seq: i.streamSequence,
      consumer_seq: i.deliverySequence,
      redelivered: m.redelivered,
      redelivery_count: i.deliveryCount - 1,
    };
    if (this.spec.partition !== null) jetstream.partition = this.spec.partition;
    const headers: Rec = {};
    if (m.headers) for (const [k, vs] of m.headers) headers[k] = [...vs];
    jetstream.headers = headers;
    return { jetstream };
  }
}
