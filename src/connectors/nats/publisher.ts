/**
 * The sink part of the nats connector: each event is encoded (codec, then postprocessors) and
 * every chunk is published to `subject`, with
 * - reply: `$nats.reply`, else the configured `reply`;
 * - headers: the configured `headers`, then those of `$nats.headers` (a record of arrays of
 *   strings; a lone string is one value), values of the same name adding up, as in Tremor.
 *
 * Acks: core NATS has no acknowledgement from the server, so an event is acked once the
 * client has taken its publication (Tremor's behaviour); one it refuses (a payload over the
 * server's `max_payload`, a header the protocol cannot carry, a subject with wildcards) fails,
 * is reported, and the sink goes on. JetStream will give acks from the server.
 *
 * Backpressure: the client writes to its socket without waiting for it, so the sink makes a
 * round trip to the server (a `flush`) every `reconnect_buffer_size` bytes and holds the event
 * that crossed the mark until it returns: memory stays bounded and a slow server slows the
 * flow. While the connection is down (the breaker open) nothing is published — the client
 * would drop it — and the event waits for the reconnection.
 */
import type { MsgHdrs, NatsConnection } from '@nats-io/transport-node';
import { messageOf } from '../../base/message-of.js';
import { isRecord, type Rec } from '../../runtime/value.js';
import type { ConnectorContext, PortEvent } from '../connector.js';
import { EventSink, Undeliverable, type Outcome } from '../base/sink.js';
import { EventEncoder } from '../framing.js';
import type { NatsLink } from './link.js';

type Nats = typeof import('@nats-io/transport-node');

export interface PublisherSpec {
  subject: string;
  reply: string | null;
  headers: Record<string, string[]>;
  /** bytes published between two flushes */
  window: number;
  nats: () => Nats;
  link: NatsLink;
}

/** a NATS subject with a wildcard token (`*`, `>`), which can be subscribed to but not published to */
export const hasWildcard = (subject: string): boolean => subject.split('.').some((t) => t === '*' || t === '>');

export class Publisher extends EventSink {
  private readonly encoder: EventEncoder;
  private unflushed = 0;
  /** the configured headers alone (most events add none), built once */
  private fixed: { headers: MsgHdrs | undefined } | null = null;
  private readonly wildcard: boolean;
  /** resolved by `open`: nothing is published before the connector starts */
  private readonly opened: Promise<void>;
  private isOpen = false;
  private letOpen!: () => void;

  constructor(
    ctx: ConnectorContext,
    private readonly spec: PublisherSpec,
  ) {
    super(ctx);
    this.encoder = new EventEncoder(ctx);
    this.wildcard = hasWildcard(spec.subject);
    this.opened = new Promise((resolve) => (this.letOpen = resolve));
  }

  /**
   * The connector starts: publications may go out. The connection is made earlier (when a
   * flow lets its connectors listen), and events may already arrive then; they wait, so that
   * every subscriber of the flow is in place before the first publication.
   */
  open(): void {
    this.isOpen = true;
    this.letOpen();
  }

  protected deliver({ event }: PortEvent): Outcome {
    if (this.wildcard) throw new Undeliverable(`cannot publish to \`${this.spec.subject}\`: it has wildcards`);
    const chunks = this.encode(this.encoder, event);
    if (chunks.length === 0) return;
    const nc = this.isOpen ? this.spec.link.current() : null;
    if (nc) return this.publish(nc, chunks, event.meta);
    return this.connection().then((c) => this.publish(c, chunks, event.meta));
  }

  /** the connection once the connector has started and the connection is up */
  private connection(): Promise<NatsConnection> {
    return this.opened.then(() => this.spec.link.ready());
  }

  /** the encoders' tails, then a round trip: everything published has reached the server */
  protected override async flush(): Promise<void> {
    try {
      let tail: Uint8Array[] = [];
      try {
        tail = this.encoder.finish();
      } catch (e) {
        this.ctx.report(`${this.ctx.id}: ${messageOf(e)}`);
      }
      if (tail.length) await this.publish(await this.connection(), tail, {});
      await this.spec.link
        .current()
        ?.flush()
        .catch(() => {});
    } finally {
      await this.spec.link.release('sink');
    }
  }

  /** destroyed before its end (a failure, a teardown): the connection goes at once */
  protected override release(): void {
    if (!this.writableFinished) this.spec.link.abort();
  }

  private publish(nc: NatsConnection, chunks: Uint8Array[], meta: Rec): Promise<void> | undefined {
    const { subject } = this.spec;
    try {
      const opts = this.options(meta);
      for (const c of chunks) {
        nc.publish(subject, c, { ...opts });
        this.unflushed += c.length;
      }
    } catch (e) {
      throw new Undeliverable(`cannot publish to ${subject}: ${messageOf(e)}`);
    }
    if (this.unflushed < this.spec.window) return;
    this.unflushed = 0;
    // a flush cut short by a lost connection: the breaker says so, the event was handed on
    return nc.flush().catch(() => {});
  }

  private options(meta: Rec): { reply?: string; headers?: MsgHdrs } {
    const n = isRecord(meta.nats) ? meta.nats : null;
    const reply = typeof n?.reply === 'string' ? n.reply : (this.spec.reply ?? undefined);
    const extra = n && isRecord(n.headers) ? n.headers : null;
    const headers = extra ? this.headers(extra) : (this.fixed ??= { headers: this.headers(null) }).headers;
    return { reply, headers };
  }

  /** the configured headers and `extra`'s, or undefined when there are none */
  private headers(extra: Rec | null): MsgHdrs | undefined {
    let h: MsgHdrs | undefined;
    const add = (k: string, v: string) => (h ??= this.spec.nats().headers()).append(k, v);
    for (const [k, vs] of Object.entries(this.spec.headers)) for (const v of vs) add(k, v);
    if (extra) {
      for (const [k, vs] of Object.entries(extra)) {
        if (typeof vs === 'string') add(k, vs);
        else if (Array.isArray(vs)) for (const v of vs) if (typeof v === 'string') add(k, v);
      }
    }
    return h;
  }
}
