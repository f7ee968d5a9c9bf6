/**
 * A listening connector (tcp_server, unix_socket_server, ws_server): a source of the events
 * of every connection it accepts and a sink routing each event back to the connection its
 * metadata names (`$<type>.peer`), or to all of them. What listens is a `Listener` (a
 * net.Server in socket-wire.ts, a WebSocketServer in ws-wire.ts); the rest is the same.
 */
import { messageOf } from '../../base/message-of.js';
import type { Origin } from '../../runtime/origin.js';
import type { Rec, Value } from '../../runtime/value.js';
import type { ConnectorContext, ConnectorInstance } from '../connector.js';
import { ConnSink } from './conn-sink.js';
import { EventQueue } from './event-queue.js';
import { Outboxes, type Outbox } from './outbox.js';
import { Peers } from './peers.js';
import { Session, type Wire } from './session.js';

/** the other end of an accepted connection */
export interface Remote {
  host: string;
  port: number;
}

export interface Listener {
  /** where it listens, for messages: "127.0.0.1:4242" or a socket path */
  readonly where: string;
  /** starts listening; `accept` gets each connection as it opens (in the same tick) */
  listen(accept: (wire: Wire, remote: Remote) => void): Promise<void>;
  /** once listening: errors of the server itself */
  onError(report: (e: Error) => void): void;
  /** the port bound (port 0 becomes the real one), 0 when none */
  port(): number;
  /** stops accepting (idempotent); open connections stay */
  close(): void;
}

export interface ServerSpec {
  type: string;
  listener: Listener;
  /** the peer value of the `n`th connection, its routing key and origin */
  peer(remote: Remote, n: number): { value: Value; key: string; origin: Origin };
  /** the metadata of an event from a peer (a fresh record each call) */
  meta(peer: Value): Rec;
  /** the routing key an event's metadata names: undefined when it names none, null when it is malformed */
  routeKey(meta: Rec): string | null | undefined;
  /** bytes waiting for one peer before it is disconnected; null: the sink waits for slow peers (outbox.ts) */
  maxQueuedBytes: number | null;
  /** the most bytes one read hands to the decoder (`buf_size`; none: what arrives) */
  readSize?: number;
  /** before listening (unix: remove a stale socket file) and once listening (set permissions) */
  prepare?(): Promise<void>;
  listening?(): Promise<void>;
}

/** a connector instance that says which port it listens on (useful with port 0) */
export interface ListeningInstance extends ConnectorInstance {
  readonly port: number;
}

export class SessionServer {
  readonly source: EventQueue;
  readonly sink: ConnSink;
  private readonly peers: Peers<Outbox>;
  private readonly outboxes: Outboxes;
  private count = 0;
  private listening: Promise<void> | null = null;
  /** connections accepted before `start`, read once it comes */
  private held: { wire: Wire; remote: Remote }[] | null = [];

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly spec: ServerSpec,
  ) {
    this.peers = new Peers(spec.type);
    this.outboxes = new Outboxes(spec.maxQueuedBytes);
    this.source = new EventQueue(ctx.highWaterMark, () => this.close());
    this.sink = new ConnSink(ctx, {
      select: (event) => this.peers.select(spec.routeKey(event.meta)),
      final: () => {
        spec.listener.close();
        this.outboxes.release();
        return this.peers.finish();
      },
      destroy: () => this.close(),
    });
  }

  instance(): ListeningInstance {
    const listener = this.spec.listener;
    return {
      source: this.source,
      sink: this.sink,
      listen: () => this.listen(),
      start: () => this.start(),
      stop: () => this.stop(),
      get port() {
        return listener.port();
      },
    };
  }

  /** listens; connections are held (not read) until `start` */
  listen(): Promise<void> {
    this.listening ??= this.bind();
    return this.listening;
  }

  async start(): Promise<void> {
    await this.listen();
    const held = this.held;
    this.held = null;
    for (const h of held ?? []) this.accept(h.wire, h.remote);
  }

  private async bind(): Promise<void> {
    const { listener } = this.spec;
    await this.spec.prepare?.();
    await listener
      .listen((wire, remote) => this.accept(wire, remote))
      .catch((e: unknown) => {
        listener.close();
        throw new Error(`The ${this.ctx.id} connector cannot listen on ${listener.where}: ${messageOf(e)}`);
      });
    listener.onError((e) => this.ctx.report(`${this.ctx.id}: ${e.message}`));
    await this.spec.listening?.();
  }

  /** stops accepting and reading; open connections stay for the sink's answers */
  async stop(): Promise<void> {
    this.spec.listener.close();
    this.source.end();
  }

  private accept(wire: Wire, remote: Remote): void {
    if (this.held !== null) {
      this.held.push({ wire, remote });
      return;
    }
    const peer = this.spec.peer(remote, this.count++);
    const session = new Session(this.ctx, wire, () => this.spec.meta(peer.value), peer.origin, this.spec.readSize);
    const outbox = this.outboxes.add(session, peer.key);
    const remove = this.peers.add(peer.key, outbox);
    session.attach(this.source, () => {
      remove();
      outbox.closed();
    });
  }

  private close(): void {
    for (const h of this.held ?? []) h.wire.destroy();
    this.held = null;
    this.spec.listener.close();
    this.outboxes.release();
    this.peers.destroy();
  }
}
