/**
 * udp_server / udp_client: events in datagrams (reference §3.10).
 *
 * udp_server (a source) config: `url` ("host:port" to bind; port 0 for an ephemeral one, the
 * instance's `port` says which), `buf_size` (8192: longer datagrams are cut to it, as Tremor's
 * fixed receive buffer does), `socket_options` ({"SO_REUSEPORT": false, "SO_REUSEADDR":
 * true}, net/socket-options.ts). Each datagram is one chunk for the preprocessors and codec; all
 * datagrams share one stream (a `separate` preprocessor may join lines across datagrams, as in
 * Tremor). Events carry `$udp_server = {"peer": {"host", "port"}}` (Tremor adds no metadata;
 * the sender is useful and costs nothing) and the origin `udp-server://<host>:<port>`.
 *
 * udp_client (a sink) config: `url` ("host:port" to send to), `bind` ("host:port" to send
 * from; default any), `socket_options` (as above). Each chunk the codec and postprocessors
 * make of an event is one datagram, as in Tremor: one per event unless a postprocessor splits
 * it. Delivery is best effort: send errors (an ICMP "port unreachable" on a connected socket)
 * are reported and the next event goes on.
 *
 * ```tremor
 * define connector syslog from udp_server
 * with codec = "string", config = {"url": "0.0.0.0:5514"} end;
 * define connector statsd from udp_client
 * with codec = "string", config = {"url": "127.0.0.1:8125"} end;
 * ```
 *
 * Backpressure: UDP has none. While the flow cannot take more, Tremor stops reading and the
 * kernel keeps what arrives in the socket's receive buffer; Node always reads, so the server
 * holds the datagrams itself, up to the size of that buffer (SO_RCVBUF), and hands them on
 * when the flow asks for more. Beyond it datagrams are dropped, as the kernel would, and the
 * number dropped is reported when the flow catches up.
 */
import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { messageOf } from '../base/message-of.js';
import { int, schema } from '../runtime/schema.js';
import type { ConnectorContext, ConnectorInstance, ConnectorType, PortEvent } from './connector.js';
import { EventSink, type Outcome } from './base/sink.js';
import { owner } from './config-fields.js';
import { dgramOptions, udpOptions, udpSocketOptions, type UdpSocketOptions } from './net/socket-options.js';
import { EventDecoder, EventEncoder } from './framing.js';
import { EventQueue } from './net/event-queue.js';
import { hostPort, type HostPort } from './net/host-port.js';

const SERVER = schema({
  url: hostPort({ required: true, doc: 'where to bind, "host:port" (port 0: an ephemeral one)' }),
  buf_size: int({ min: 1, max: 65535, default: 8192, doc: 'longer datagrams are cut to this many bytes' }),
  socket_options: udpSocketOptions,
});

const CLIENT = schema({
  url: hostPort({ required: true, nonZero: true, doc: 'where to send, "host:port"' }),
  bind: hostPort({ doc: 'where to send from, "host:port" (default: any)' }),
  socket_options: udpSocketOptions,
});

export interface UdpServerConfig {
  url: HostPort;
  bufSize: number;
  socket: UdpSocketOptions;
}

export interface UdpClientConfig {
  url: HostPort;
  bind: HostPort | null;
  socket: UdpSocketOptions;
}

const udpSocket = (host: string, o: UdpSocketOptions) => createSocket({ type: isIPv6(host) ? 'udp6' : 'udp4', ...dgramOptions(o) });

function bound(socket: Socket, addr: HostPort): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(addr.port, addr.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
}

class UdpServer {
  readonly source: EventQueue;
  private socket: Socket | null = null;
  private readonly decoder: EventDecoder;
  private peer = { host: '', port: 0 };
  /** the flow is full: datagrams are held (up to `room` bytes) until it asks for more */
  private full = false;
  private readonly held: { msg: Buffer; peer: { host: string; port: number } }[] = [];
  private heldBytes = 0;
  /** the socket's receive buffer: what the kernel would keep for a reader that waits */
  private room = 0;
  private dropped = 0;
  /** the bound address, once bound (port 0 becomes the real port) */
  private readonly origin = { scheme: 'udp-server', host: '', port: 0 as number | null, path: [] as string[] };

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: UdpServerConfig,
  ) {
    this.source = new EventQueue(ctx.highWaterMark, () => this.close());
    this.decoder = new EventDecoder(ctx, {
      origin: this.origin,
      meta: () => ({ udp_server: { peer: { ...this.peer } } }),
    });
  }

  get port(): number {
    try {
      return this.socket?.address().port ?? 0;
    } catch {
      return 0; // not bound yet
    }
  }

  async start(): Promise<void> {
    const socket = (this.socket = udpSocket(this.config.url.host, this.config.socket));
    await bound(socket, this.config.url).catch((e: unknown) => {
      this.close();
      throw new Error(`The ${this.ctx.id} connector cannot bind ${this.config.url.host}:${this.config.url.port}: ${messageOf(e)}`);
    });
    Object.assign(this.origin, { host: socket.address().address, port: socket.address().port });
    socket.on('error', (e) => this.ctx.report(`${this.ctx.id}: ${e.message}`));
    this.room = socket.getRecvBufferSize();
    socket.on('message', (msg, rinfo) => {
      const peer = { host: rinfo.address, port: rinfo.port };
      if (!this.full && this.held.length === 0) return this.take(msg, peer);
      if (this.heldBytes + msg.length > this.room) return void this.dropped++;
      this.held.push({ msg, peer });
      this.heldBytes += msg.length;
    });
  }

  /** the queue "pauses" this producer when the flow is full, and resumes it when it wants more */
  private readonly gate = {
    pause: () => (this.full = true),
    resume: () => {
      this.full = false;
      while (!this.full && this.held.length > 0) {
        const d = this.held.shift()!;
        this.heldBytes -= d.msg.length;
        this.take(d.msg, d.peer);
      }
      if (this.dropped && !this.full) {
        this.ctx.report(`${this.ctx.id}: dropped ${this.dropped} datagrams while the flow was full`);
        this.dropped = 0;
      }
    },
  };

  private take(msg: Buffer, peer: { host: string; port: number }): void {
    this.peer = peer;
    this.source.deliver(this.decoder.decode(msg.subarray(0, this.config.bufSize)), this.gate);
  }

  async stop(): Promise<void> {
    this.source.end();
    this.close();
  }

  private close(): void {
    const s = this.socket;
    this.socket = null;
    s?.close();
  }
}

class UdpSink extends EventSink {
  private socket: Socket | null = null;
  private readonly encoder: EventEncoder;

  constructor(
    ctx: ConnectorContext,
    private readonly config: UdpClientConfig,
  ) {
    super(ctx);
    this.encoder = new EventEncoder(ctx);
  }

  async start(): Promise<void> {
    const { url, bind } = this.config;
    const socket = (this.socket = udpSocket(bind?.host ?? url.host, this.config.socket));
    let what = 'bind';
    try {
      if (bind) await bound(socket, bind);
      what = 'connect to';
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.connect(url.port, url.host, () => {
          socket.off('error', reject);
          resolve();
        });
      });
    } catch (e) {
      this.socket = null;
      socket.close();
      const addr = what === 'bind' ? bind! : url;
      throw new Error(`The ${this.ctx.id} connector cannot ${what} ${addr.host}:${addr.port}: ${messageOf(e)}`);
    }
    socket.on('error', (e) => this.ctx.report(`${this.ctx.id}: ${e.message}`));
  }

  protected deliver({ event }: PortEvent): Outcome {
    return this.send(this.encode(this.encoder, event));
  }

  protected override async flush(): Promise<void> {
    let tail: Uint8Array[] = [];
    try {
      tail = this.encoder.finish();
    } catch (e) {
      this.ctx.report(`${this.ctx.id}: ${messageOf(e)}`);
    }
    await this.send(tail);
    this.release();
  }

  protected override release(): void {
    const s = this.socket;
    this.socket = null;
    s?.close();
  }

  /** one datagram per chunk; resolves once the kernel has taken them all */
  private send(chunks: Uint8Array[]): Promise<void> | undefined {
    const socket = this.socket;
    if (!socket || chunks.length === 0) return;
    return new Promise((resolve) => {
      let left = chunks.length;
      for (const c of chunks) {
        socket.send(c, (e) => {
          if (e) this.ctx.report(`${this.ctx.id}: cannot send a datagram: ${e.message}`);
          if (--left === 0) resolve();
        });
      }
    });
  }
}

export const udpServer: ConnectorType<UdpServerConfig> = {
  name: 'udp_server',
  summary: 'receives UDP datagrams: one chunk each for the codec',
  codec: 'required',
  outputs: () => ['out', 'err'],
  inputs: () => [],
  config: SERVER,
  validate(config) {
    const c = SERVER.read(owner('udp_server'), config);
    return { url: c.url, bufSize: c.buf_size, socket: udpOptions(c.socket_options) };
  },
  create(ctx, config): ConnectorInstance & { readonly port: number } {
    const server = new UdpServer(ctx, config);
    return {
      source: server.source,
      start: () => server.start(),
      stop: () => server.stop(),
      get port() {
        return server.port;
      },
    };
  },
};

export const udpClient: ConnectorType<UdpClientConfig> = {
  name: 'udp_client',
  summary: 'sends each encoded event as a UDP datagram',
  codec: 'required',
  outputs: () => [],
  inputs: () => ['in'],
  config: CLIENT,
  validate(config) {
    const c = CLIENT.read(owner('udp_client'), config);
    return { url: c.url, bind: c.bind ?? null, socket: udpOptions(c.socket_options) };
  },
  create(ctx, config) {
    const sink = new UdpSink(ctx, config);
    return { sink, start: () => sink.start() };
  },
};
