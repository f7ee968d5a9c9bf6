/**
 * tcp_server / tcp_client: events over TCP (reference §3.8). TCP has no framing: pair the codec
 * with `separate` pre/postprocessors for lines.
 *
 * tcp_server config: `url` ("host:port", port 4242 when left out, 0 for an ephemeral port —
 * the instance's `port` says which), `backlog` (128), `buf_size` (8192, accepted for Tremor's
 * sake: Node sizes its own reads). Every accepted connection is a stream of its own (its own
 * decoder and encoder; its close flushes a last line without separator); its events carry
 * `$tcp_server = {"tls": false, "peer": {"host", "port"}}`. The sink writes an event to the
 * connection named by `$tcp_server.peer` — so a pipeline that keeps the metadata answers each
 * client on its own connection — or, without it, to every open connection. An event for a peer
 * that is gone is reported and dropped.
 *
 * tcp_client config: `url` ("host:port", required), `no_delay` (true), `buf_size` (8192, as
 * above), `reconnect` (Tremor's connector-level strategy, `"none"` or
 * `{"retry": {"interval_ms", "growth_rate", "max_retries", "randomized"}}`, durations in ms).
 * Tremor sets it with the connector's `with reconnect = …`, but ConnectorContext does not carry
 * that yet, so for now it is read from `config`; a `reconnect` field on the context, once the
 * runtime adds one, takes precedence (netutil.ts `reconnectOf`). Without a strategy a failing
 * first connect fails `start`, and a lost connection is retried once after 1 s. Events carry
 * `$tcp_client = {"tls": false, "peer": {"host", "port"}}`; every event goes to the connection,
 * waiting (backpressure) while it is being re-established.
 *
 * ```tremor
 * define connector echo from tcp_server
 * with
 *   codec = "string", preprocessors = ["separate"], postprocessors = ["separate"],
 *   config = {"url": "127.0.0.1:4242"}
 * end;
 * define connector upstream from tcp_client
 * with
 *   codec = "json", preprocessors = ["separate"], postprocessors = ["separate"],
 *   config = {"url": "localhost:4243", "reconnect": {"retry": {"interval_ms": 100, "max_retries": 10}}}
 * end;
 * ```
 *
 * `SocketServer` and `socketClient` are written over any node:net address, so unix.ts reuses
 * them for unix domain sockets.
 */
import { connect, createServer, type ListenOptions, type NetConnectOpts, type Server, type Socket } from 'node:net';
import type { Origin } from '../runtime/origin.js';
import { stringify } from '../runtime/json.js';
import { isRecord, type Rec, type Value } from '../runtime/value.js';
import { ConfigError, configRecord, type ConnectorContext, type ConnectorInstance, type ConnectorType } from './connector.js';
import { EventDecoder, EventEncoder } from './framing.js';
import { Client, ConnSink, EventQueue, Peers, describe, drained, hostPort, optBool, optNumber, reconnectConfig, reconnectOf, type HostPort, type Link, type Reconnect } from './netutil.js';

/** one connection: its socket, its decoder and encoder */
class Session implements Link {
  readonly decoder: EventDecoder;
  readonly encoder: EventEncoder;

  constructor(
    ctx: ConnectorContext,
    readonly socket: Socket,
    meta: () => Rec,
    origin: Origin,
  ) {
    this.decoder = new EventDecoder(ctx, { origin, meta });
    this.encoder = new EventEncoder(ctx);
  }

  send(chunks: Uint8Array[]): Promise<void> | null {
    const s = this.socket;
    if (s.destroyed || !s.writable) return null;
    let full = false;
    for (const c of chunks) full = !s.write(c) || full;
    return full ? drained(s) : null;
  }

  /** flushes the encoder and ends the connection; resolves once it is written */
  finish(): Promise<void> {
    const s = this.socket;
    if (s.destroyed || !s.writable) return Promise.resolve();
    try {
      this.send(this.encoder.finish());
    } catch {
      // a postprocessor that cannot flush loses its tail; the connection still closes
    }
    return new Promise((resolve) => {
      s.once('close', resolve);
      s.end(resolve);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** reads into `source` until the socket closes, then flushes the decoder */
  attach(source: EventQueue, closed: (why?: string) => void): void {
    let why: string | undefined;
    this.socket.on('data', (chunk: Buffer) => source.deliver(this.decoder.decode(chunk), this.socket));
    this.socket.on('error', (e) => (why = e.message));
    this.socket.once('close', () => {
      source.deliver(this.decoder.finish());
      source.forget(this.socket);
      closed(why);
    });
  }
}

export interface ServerSpec {
  type: string;
  /** where to listen (`port`/`host` or `path`, with `backlog`) */
  listen: ListenOptions;
  /** the peer value of the `n`th connection and its routing key */
  peer(socket: Socket, n: number): { value: Value; key: string; origin: Origin };
  /** the metadata of an event from a peer (a fresh record each call) */
  meta(peer: Value): Rec;
  /** the routing key an event's metadata names: undefined when it names none, null when it is malformed */
  routeKey(meta: Rec): string | null | undefined;
  setup?(socket: Socket): void;
  /** before listening (unix: remove a stale socket file) and once listening (set permissions) */
  prepare?(): Promise<void>;
  listening?(): Promise<void>;
}

/** A listening socket: a source of the events of every connection and a sink routing back to them. */
export class SocketServer {
  readonly source: EventQueue;
  readonly sink: ConnSink;
  private server: Server | null = null;
  private listening = false;
  private readonly peers: Peers<Session>;
  private count = 0;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly spec: ServerSpec,
  ) {
    this.peers = new Peers(spec.type);
    this.source = new EventQueue(ctx.highWaterMark, () => this.close());
    this.sink = new ConnSink(ctx, {
      select: (event) => this.peers.select(spec.routeKey(event.meta)),
      final: () => {
        this.unlisten();
        return this.peers.finish();
      },
      destroy: () => this.close(),
    });
  }

  get address(): ReturnType<Server['address']> {
    return this.server?.address() ?? null;
  }

  async start(): Promise<void> {
    await this.spec.prepare?.();
    const server = (this.server = createServer());
    server.on('connection', (s) => this.accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.spec.listen, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((e: unknown) => {
      this.server = null;
      const l = this.spec.listen;
      throw new Error(`The ${this.ctx.id} connector cannot listen on ${l.path ?? `${l.host}:${l.port}`}: ${describe(e)}`);
    });
    this.listening = true;
    server.on('error', (e) => this.ctx.report(`${this.ctx.id}: ${e.message}`));
    await this.spec.listening?.();
  }

  /** stops accepting and reading; open connections stay for the sink's answers */
  async stop(): Promise<void> {
    this.unlisten();
    this.source.end();
  }

  private accept(socket: Socket): void {
    const peer = this.spec.peer(socket, this.count++);
    this.spec.setup?.(socket);
    const session = new Session(this.ctx, socket, () => this.spec.meta(peer.value), peer.origin);
    session.attach(this.source, this.peers.add(peer.key, session));
  }

  private unlisten(): void {
    if (!this.listening) return;
    this.listening = false;
    this.server?.close();
  }

  private close(): void {
    this.unlisten();
    this.peers.destroy();
  }
}

export interface ClientSpec {
  connect: NetConnectOpts;
  /** for messages */
  target: string;
  reconnect: Reconnect;
  meta(): Rec;
  origin: Origin;
  setup?(socket: Socket): void;
}

/** One connection to a server, re-established by the reconnect strategy. */
export function socketClient(ctx: ConnectorContext, spec: ClientSpec): ConnectorInstance {
  const dial = (source: EventQueue, closed: (l: Session, why?: string) => void) =>
    new Promise<Session>((resolve, reject) => {
      const socket = connect(spec.connect);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        spec.setup?.(socket);
        const session = new Session(ctx, socket, spec.meta, spec.origin);
        session.attach(source, (why) => closed(session, why));
        resolve(session);
      });
    });
  return new Client(ctx, spec.reconnect, spec.target, dial).instance();
}

export interface TcpServerConfig {
  url: HostPort;
  backlog: number;
  bufSize: number;
}

export interface TcpClientConfig {
  url: HostPort;
  noDelay: boolean;
  bufSize: number;
  reconnect: Reconnect;
}

/** a connector instance that says which port it listens on (useful with port 0) */
export interface ListeningInstance extends ConnectorInstance {
  readonly port: number;
}

const hostString = (h: string) => (h.includes(':') ? `[${h}]` : h);

/** `{"host", "port"}` from event metadata, as a routing key */
export function peerKey(meta: Rec, type: string): string | null | undefined {
  const ns = meta[type];
  if (!isRecord(ns) || ns.peer === undefined) return undefined;
  const p = ns.peer;
  if (!isRecord(p) || typeof p.host !== 'string' || typeof p.port !== 'number') return null;
  return `${hostString(p.host)}:${p.port}`;
}

export const tcpServer: ConnectorType<TcpServerConfig> = {
  name: 'tcp_server',
  summary: 'listens for TCP connections: events from each, answers routed back by `$tcp_server.peer`',
  codec: 'required',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const rec = configRecord('tcp_server', config, ['url', 'backlog', 'buf_size'], ['url']);
    return { url: hostPort('tcp_server', 'url', rec.url, 4242), backlog: optNumber('tcp_server', rec, 'backlog', 128), bufSize: optNumber('tcp_server', rec, 'buf_size', 8192) };
  },
  create(ctx, config): ListeningInstance {
    const server = new SocketServer(ctx, {
      type: 'tcp_server',
      listen: { host: config.url.host, port: config.url.port, backlog: config.backlog },
      peer: (s) => {
        const host = s.remoteAddress ?? '';
        const port = s.remotePort ?? 0;
        return { value: { host, port }, key: `${hostString(host)}:${port}`, origin: { scheme: 'tremor-tcp-server', host, port, path: [] } };
      },
      meta: (peer) => ({ tcp_server: { tls: false, peer: { ...(peer as Rec) } } }),
      routeKey: (meta) => peerKey(meta, 'tcp_server'),
      setup: (s) => s.setNoDelay(true),
    });
    return {
      source: server.source,
      sink: server.sink,
      start: () => server.start(),
      stop: () => server.stop(),
      get port() {
        const a = server.address;
        return a && typeof a === 'object' ? a.port : 0;
      },
    };
  },
};

export const tcpClient: ConnectorType<TcpClientConfig> = {
  name: 'tcp_client',
  summary: 'connects to a TCP server: events both ways over one connection, reconnecting by `reconnect`',
  codec: 'required',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const rec = configRecord('tcp_client', config, ['url', 'no_delay', 'buf_size', 'reconnect'], ['url']);
    const url = hostPort('tcp_client', 'url', rec.url);
    if (url.port === 0) throw hostPortZero('tcp_client', rec.url);
    return { url, noDelay: optBool('tcp_client', rec, 'no_delay', true), bufSize: optNumber('tcp_client', rec, 'buf_size', 8192), reconnect: reconnectConfig('tcp_client', rec.reconnect) };
  },
  create(ctx, config) {
    const { host, port } = config.url;
    return socketClient(ctx, {
      connect: { host, port },
      target: `${hostString(host)}:${port}`,
      reconnect: reconnectOf(ctx, 'tcp_client', config.reconnect),
      meta: () => ({ tcp_client: { tls: false, peer: { host, port } } }),
      origin: { scheme: 'tremor-tcp-client', host, port, path: [] },
      setup: (s) => s.setNoDelay(config.noDelay),
    });
  },
};

function hostPortZero(type: string, url: Value): Error {
  return new ConfigError(`The \`url\` of a ${type} connector needs a port other than 0, not ${stringify(url)}`);
}
