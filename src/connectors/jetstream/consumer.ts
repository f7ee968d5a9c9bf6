/**
 * The source part of the jetstream connector: the messages of a durable pull consumer become
 * transactional events, and the answers of the sinks go back to the server.
 *
 *   consume() ─▶ JsMsg ─▶ EventDecoder ─▶ {port: 'out', event, tx} ──▶ … sinks ─▶ ack ─▶ msg.ack()
 *                                     │                                      └─▶ fail ─▶ msg.nak(delay)
 *                                     └─▶ {port: 'err', …} (the message is acked at once)
 *
 * Each message is decoded on its own (its own decoder: a message is a unit of delivery, so
 * no preprocessor may join it with the next), with `$jetstream = {stream, subject, seq,
 * consumer_seq, redelivered, redelivery_count, headers}`. Its events share one transaction
 * (runtime/tx.ts) whose stream number is the message's own key: an event merging several
 * messages (a batch) carries one entry per message, and every one of them is answered. The
 * message is acked once each of its `out` events is acked, nak'ed as soon as one fails (with
 * the delay `nak_delay_ms`, doubling per redelivery up to 30 s); later answers are ignored.
 * A message without `out` events (bad input goes to `err`) is acked at once: it would fail
 * the same way each time. Events dropped in a pipeline are answered by nobody: their message
 * comes again after `ack_wait_ms` (at least once).
 *
 * Backpressure: `consume()` keeps at most `max_messages` pulled messages in the client and
 * pulls more as they are taken; while the flow is full the next one is not taken (the loop
 * waits), so nothing more is fetched. `max_ack_pending` bounds what the server hands out
 * before acks come back.
 */
import type { ConsumerMessages, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { messageOf } from '../../base/message-of.js';
import type { Rec } from '../../runtime/value.js';
import { txOf, type TxSource } from '../../runtime/tx.js';
import type { ConnectorContext } from '../connector.js';
import { EventDecoder } from '../framing.js';
import { EventQueue, type Pausable } from '../net/event-queue.js';
import { nakDelay } from './config.js';
import { Gate } from '../nats/gate.js';
import { ConsumerStatus } from './status.js';

export interface ConsumerSpec {
  stream: string;
  consumer: string;
  nakDelayMs: number;
  /** messages pulled ahead, at most */
  window: number;
  /** the first of the configured hosts, for the origin */
  host: string;
  port: number;
  /** the source is done with the connection */
  done(): void;
  /** the source was destroyed: the connection goes at once */
  destroyed(): void;
  /** the status line's interval (ms, 0: none; status.ts) */
  statusIntervalMs: number;
}

interface Pending {
  msg: JsMsg;
  /** `out` events not answered yet */
  remaining: number;
}

export class JsConsumer implements Pausable, TxSource {
  readonly source: EventQueue;
  private messages: ConsumerMessages | null = null;
  private stopping = false;
  private finished = false;
  private readonly gate = new Gate();
  private readonly pending = new Map<number, Pending>();
  private nextKey = 1;
  private readonly status: ConsumerStatus;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly spec: ConsumerSpec,
  ) {
    this.status = new ConsumerStatus(ctx, spec.consumer, spec.statusIntervalMs);
    this.source = new EventQueue(ctx.highWaterMark, () => {
      this.status.stop();
      this.stopping = true;
      this.resume();
      void this.messages?.close();
      this.spec.destroyed();
    });
  }

  /** whether anything reads the source (the flow wired it before starting) */
  get wanted(): boolean {
    return this.source.readableFlowing !== null && !this.source.stopped && !this.stopping;
  }

  /** consumes on a (new) connection's JetStream client */
  async attach(js: JetStreamClient): Promise<void> {
    if (this.stopping) return;
    const c = await js.consumers.get(this.spec.stream, this.spec.consumer);
    const messages = await c.consume({ max_messages: this.spec.window });
    this.messages = messages;
    this.status.start(() => c.info());
    void this.pump(messages);
  }

  /** no more messages: what was taken is still pushed, then the source ends */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    this.status.stop();
    const m = this.messages;
    if (!m) return this.finish();
    this.resume();
    m.stop();
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
    p.msg.ack();
  }

  fail(stream: number): void {
    const p = this.pending.get(stream);
    if (!p) return;
    this.pending.delete(stream);
    p.msg.nak(nakDelay(this.spec.nakDelayMs, p.msg.info.deliveryCount));
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const m of messages) {
        if (this.stopping && this.source.destroyed) break;
        this.take(m);
        if (this.gate.closed) await this.gate.passed();
      }
    } catch (e) {
      this.ctx.report(`The ${this.ctx.id} connector's consumer ${this.spec.consumer} failed: ${messageOf(e)}`);
    } finally {
      if (this.messages === messages) this.messages = null;
      if (this.stopping) this.finish();
    }
  }

  private take(m: JsMsg): void {
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
    else this.pending.set(key, { msg: m, remaining: outs });
    this.source.deliver(events, this);
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.source.end();
    this.spec.done();
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
    const headers: Rec = {};
    if (m.headers) for (const [k, vs] of m.headers) headers[k] = [...vs];
    jetstream.headers = headers;
    return { jetstream };
  }
}
