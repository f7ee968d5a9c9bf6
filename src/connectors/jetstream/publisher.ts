/**
 * The sink part of the jetstream connector: each event is encoded (codec, then
 * postprocessors) and every chunk is published to `subject` through JetStream, with the
 * message id `$jetstream.msg_id` when the event has one (the stream drops a duplicate id
 * within its duplicate window: a replayed event is stored once).
 *
 * Acks come from the server: the event is acked once the stream has stored it (its PubAck),
 * failed when the publication fails (no stream for the subject, a timeout, a lost
 * connection), so that a transactional upstream sends it again. One publication is in
 * flight per event; the Writable waits for the outcome before the next write (backpressure:
 * a slow server slows the flow).
 *
 * While the connection is down the breaker is open (nats/link.ts) and the event waits for
 * the reconnection.
 */
import type { JetStreamClient, JetStreamPublishOptions } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { messageOf } from '../../base/message-of.js';
import { isRecord, type Rec } from '../../runtime/value.js';
import type { ConnectorContext, PortEvent } from '../connector.js';
import { EventSink, Undeliverable, type Outcome } from '../base/sink.js';
import { EventEncoder } from '../framing.js';
import type { NatsLink } from '../nats/link.js';
import { keyOf, partitionOf } from './partition.js';

export interface JsPublisherSpec {
  /** null: the connector has no sink part configured */
  subject: string | null;
  /** keyed partitions (partition.ts): 0 for none */
  partitions: number;
  link: NatsLink;
  /** the JetStream client of a connection */
  client(nc: NatsConnection): JetStreamClient;
}

export class JsPublisher extends EventSink {
  private readonly encoder: EventEncoder;
  private readonly opened: Promise<void>;
  private letOpen!: () => void;

  constructor(
    ctx: ConnectorContext,
    private readonly spec: JsPublisherSpec,
  ) {
    super(ctx);
    this.encoder = new EventEncoder(ctx);
    this.opened = new Promise((resolve) => (this.letOpen = resolve));
  }

  /** the connector started (the stream exists): publications may go out */
  open(): void {
    this.letOpen();
  }

  protected deliver({ event }: PortEvent): Outcome {
    let subject = this.spec.subject;
    if (subject === null) throw new Undeliverable('cannot publish: no `subject` configured');
    if (this.spec.partitions > 0) {
      const key = keyOf(event.meta);
      if (key === null) throw new Undeliverable('cannot publish to a partitioned subject: the event has no `$jetstream.key`');
      subject = `${subject}.${partitionOf(key, this.spec.partitions)}`;
    }
    const chunks = this.encode(this.encoder, event);
    if (chunks.length === 0) return;
    return this.publish(subject, chunks, event.meta);
  }

  protected override async flush(): Promise<void> {
    try {
      let tail: Uint8Array[] = [];
      try {
        tail = this.encoder.finish();
      } catch (e) {
        this.ctx.report(`${this.ctx.id}: ${messageOf(e)}`);
      }
      if (tail.length && this.spec.subject !== null) await this.publish(this.spec.subject, tail, {}).catch((e: unknown) => this.ctx.report(`${this.ctx.id}: ${messageOf(e)}`));
    } finally {
      await this.spec.link.release('sink');
    }
  }

  protected override release(): void {
    if (!this.writableFinished) this.spec.link.abort();
  }

  private async publish(subject: string, chunks: Uint8Array[], meta: Rec): Promise<void> {
    await this.opened;
    const nc = this.spec.link.current() ?? (await this.spec.link.ready());
    const js = this.spec.client(nc);
    const j = isRecord(meta.jetstream) ? meta.jetstream : null;
    const id = j && (typeof j.msg_id === 'string' || typeof j.msg_id === 'number') ? String(j.msg_id) : null;
    for (let i = 0; i < chunks.length; i++) {
      const opts: Partial<JetStreamPublishOptions> = {};
      // several chunks of one event: each its own id
      if (id !== null) opts.msgID = chunks.length > 1 ? `${id}-${i}` : id;
      try {
        await js.publish(subject, chunks[i], opts);
      } catch (e) {
        throw new Undeliverable(`cannot publish to ${subject}: ${messageOf(e)}`);
      }
    }
  }
}
