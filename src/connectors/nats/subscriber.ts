/**
 * The source part of the nats connector: the messages of one subscription to `subject` (in
 * the queue group `queue` when given: the group's members share the messages, each going to
 * one of them) become events.
 *
 *   message ─▶ EventDecoder (preprocessors, codec) ─▶ {port: 'out', event}, $nats = {subject, reply?, headers?}
 *                                              └─▶ {port: 'err', event: {error, source, line, data}}
 *
 * All messages share one decoder, as Tremor's one stream: a `separate` preprocessor may join
 * a line across messages. The origin is `tremor-nats://<first host>:<port>/<message subject>`.
 *
 * Backpressure: core NATS has none — the server sends what matches. While the flow is full
 * the next message is not taken from the subscription: messages wait in the client's queue of
 * the subscription (in memory, as they did in the Rust client's channel) and are handed on in
 * order when the flow asks for more. The server cuts off a client that falls too far behind
 * (a slow consumer); the client then reconnects.
 *
 * Stopping drains the subscription: the server is told to send no more, and what had already
 * arrived is still pushed before the source ends.
 */
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { messageOf } from '../../base/message-of.js';
import type { Origin } from '../../runtime/origin.js';
import type { Rec } from '../../runtime/value.js';
import type { ConnectorContext } from '../connector.js';
import { EventDecoder } from '../framing.js';
import { EventQueue, type Pausable } from '../net/event-queue.js';
import { Gate } from './gate.js';

export interface SubscriberSpec {
  subject: string;
  queue: string | null;
  /** the first of the configured hosts, for the origin */
  host: string;
  port: number;
  /** the source is done with the connection (drained, or torn down) */
  done(): void;
  /** the source was destroyed: the connection goes at once */
  destroyed(): void;
}

export class Subscriber implements Pausable {
  readonly source: EventQueue;
  private readonly decoder: EventDecoder;
  private sub: Subscription | null = null;
  /** the subscription being read */
  private pumping: Subscription | null = null;
  private started = false;
  private stopping = false;
  private finished = false;
  /** set while the flow is full: the pump waits for it */
  private readonly gate = new Gate();
  /** the message being decoded, for its metadata */
  private msg: Msg | null = null;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly spec: SubscriberSpec,
  ) {
    this.source = new EventQueue(ctx.highWaterMark, () => {
      this.stopping = true;
      this.resume();
      this.spec.destroyed();
    });
    this.decoder = new EventDecoder(ctx, { origin: null, meta: () => this.meta() });
  }

  /**
   * Whether anything reads the source: a connector used only as a sink does not subscribe
   * (its messages would pile up unread). The flow has wired the source before it starts it.
   */
  get wanted(): boolean {
    return this.source.readableFlowing !== null && !this.source.stopped && !this.stopping;
  }

  /** subscribes on a new connection; resolves once the server has the subscription */
  async attach(nc: NatsConnection): Promise<void> {
    if (this.stopping) return;
    const sub = nc.subscribe(this.spec.subject, this.spec.queue === null ? undefined : { queue: this.spec.queue });
    this.sub = sub;
    await nc.flush();
    if (this.started) this.pump(sub);
  }

  /** starts handing messages on (those that arrived since `attach` first) */
  start(): void {
    this.started = true;
    if (this.sub) this.pump(this.sub);
  }

  /** no more messages: the subscription is drained, then the source ends */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    const sub = this.sub;
    if (!sub) return this.finish();
    // what the drain leaves in the subscription is still pushed, even before `start`
    this.pump(sub);
    sub.drain().catch(() => sub.unsubscribe());
  }

  pause(): void {
    this.gate.close();
  }

  resume(): void {
    this.gate.open();
  }

  private pump(sub: Subscription): void {
    if (this.pumping === sub) return;
    this.pumping = sub;
    void (async () => {
      for await (const m of sub) {
        this.take(m);
        if (this.gate.closed) await this.gate.passed();
      }
    })()
      .catch((e: unknown) => this.ctx.report(`The ${this.ctx.id} connector's subscription to ${this.spec.subject} failed: ${messageOf(e)}`))
      .finally(() => {
        if (this.pumping === sub) this.pumping = null;
        if (this.sub === sub) this.sub = null;
        // a subscription lost with its connection is made again on the next one
        if (this.stopping) this.finish();
      });
  }

  private take(m: Msg): void {
    this.msg = m;
    const events = this.decoder.decode(m.data);
    this.msg = null;
    if (events.length === 0) return;
    const origin: Origin = { scheme: 'tremor-nats', host: this.spec.host, port: this.spec.port, path: [m.subject] };
    for (const pe of events) pe.event.origin = origin;
    this.source.deliver(events, this);
  }

  /** the end of the stream: what the decoder still holds, then the end of the source */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    const tail = this.decoder.finish();
    const origin: Origin = { scheme: 'tremor-nats', host: this.spec.host, port: this.spec.port, path: [this.spec.subject] };
    for (const pe of tail) pe.event.origin = origin;
    this.source.deliver(tail);
    this.source.end();
    this.spec.done();
  }

  private meta(): Rec {
    const m = this.msg;
    if (!m) return { nats: { subject: this.spec.subject } };
    const nats: Rec = { subject: m.subject };
    if (m.reply) nats.reply = m.reply;
    if (m.headers) {
      const headers: Rec = {};
      for (const [k, vs] of m.headers) headers[k] = [...vs];
      nats.headers = headers;
    }
    return { nats };
  }
}
