/**
 * ws_server / ws_client: events over websockets (reference §3.9), with the `ws` package.
 *
 * ws_server config: `url` ("host:port", optionally "ws://host:port"; port 0 for an ephemeral
 * one, the instance's `port` says which), `backlog` (128). ws_client config: `url`
 * ("ws://host:port/path" or "wss://…"), `reconnect` (as for tcp_client: read from `config` for
 * now, as ConnectorContext does not carry the connector's `with reconnect = …`).
 *
 * Every websocket connection is a stream of its own (decoder and encoder); each message, text
 * or binary, is one chunk for the preprocessors and codec; a binary message's events carry the
 * top-level `$binary = true`. Events carry `$ws_server` / `$ws_client` =
 * `{"tls": bool, "peer": {"host", "port"}}`. The server's sink writes an event to the
 * connection `$ws_server.peer` names (answers go back where the request came from), or without
 * it to every connection. Each encoded chunk is one message: a text frame, or a binary frame
 * when the event's top-level `$binary` is true — or when the chunk is not valid UTF-8, which a
 * text frame cannot carry (Tremor fails such an event instead).
 *
 * ```tremor
 * define connector ws from ws_server
 * with codec = "json", config = {"url": "127.0.0.1:8080"} end;
 * define connector feed from ws_client
 * with codec = "json", config = {"url": "ws://127.0.0.1:8080/feed", "reconnect": {"retry": {"interval_ms": 500}}} end;
 * ```
 */
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Origin } from '../runtime/origin.js';
import { stringify } from '../runtime/json.js';
import type { Rec } from '../runtime/value.js';
import { ConfigError, configRecord, type ConnectorContext, type ConnectorInstance, type ConnectorType } from './connector.js';
import { EventDecoder, EventEncoder } from './framing.js';
import { Client, ConnSink, EventQueue, Peers, describe, hostPort, optNumber, reconnectConfig, reconnectOf, type HostPort, type Link, type Reconnect } from './netutil.js';
import { peerKey, type ListeningInstance } from './tcp.js';

/** above this many bytes queued on a websocket, the sink waits for it to be written */
const HIGH_WATER = 64 * 1024;

const bytes = (d: RawData): Buffer => (Buffer.isBuffer(d) ? d : Array.isArray(d) ? Buffer.concat(d) : Buffer.from(d));

/** one websocket: its decoder, its encoder, and whether the last message was binary */
class WsConn implements Link {
  readonly decoder: EventDecoder;
  readonly encoder: EventEncoder;
  private binary = false;

  constructor(
    ctx: ConnectorContext,
    readonly ws: WebSocket,
    ns: string,
    info: Rec,
    origin: Origin,
  ) {
    this.encoder = new EventEncoder(ctx);
    this.decoder = new EventDecoder(ctx, {
      origin,
      meta: () => {
        const m: Rec = { [ns]: { ...info, peer: { ...(info.peer as Rec) } } };
        if (this.binary) m.binary = true;
        return m;
      },
    });
  }

  send(chunks: Uint8Array[], meta: Rec): Promise<void> | null {
    const ws = this.ws;
    if (ws.readyState !== WebSocket.OPEN || chunks.length === 0) return null;
    let written: Promise<void> | null = null;
    chunks.forEach((c, i) => {
      const binary = meta.binary === true || !isUtf8(c);
      if (i < chunks.length - 1) ws.send(c, { binary });
      else written = new Promise((resolve) => ws.send(c, { binary }, () => resolve()));
    });
    return ws.bufferedAmount > HIGH_WATER ? written : null;
  }

  /** reads every message into `source` until the websocket closes, then flushes the decoder */
  attach(source: EventQueue, closed: (why?: string) => void): void {
    let why: string | undefined;
    this.ws.on('message', (data, isBinary) => {
      this.binary = isBinary;
      source.deliver(this.decoder.decode(bytes(data)), this.ws);
    });
    this.ws.on('error', (e) => (why = e.message));
    this.ws.once('close', () => {
      source.deliver(this.decoder.finish());
      source.forget(this.ws);
      closed(why);
    });
  }

  destroy(): void {
    this.ws.terminate();
  }

  /** flushes the encoder and closes the websocket; resolves once it is closed */
  finish(): Promise<void> {
    const ws = this.ws;
    if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
    try {
      this.send(this.encoder.finish(), {});
    } catch {
      // a postprocessor that cannot flush loses its tail; the websocket still closes
    }
    ws.close(1000);
    return closed;
  }
}

class WsServer {
  readonly source: EventQueue;
  readonly sink: ConnSink;
  private wss: WebSocketServer | null = null;
  private readonly peers = new Peers<WsConn>('ws_server');

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly url: HostPort,
    private readonly backlog: number,
  ) {
    this.source = new EventQueue(ctx.highWaterMark, () => this.close());
    this.sink = new ConnSink(ctx, {
      select: (e) => this.peers.select(peerKey(e.meta, 'ws_server')),
      final: () => {
        this.unlisten();
        return this.peers.finish();
      },
      destroy: () => this.close(),
    });
  }

  get port(): number {
    const a = this.wss?.address();
    return a && typeof a === 'object' ? a.port : 0;
  }

  async start(): Promise<void> {
    const { host, port } = this.url;
    await new Promise<void>((resolve, reject) => {
      const wss = (this.wss = new WebSocketServer({ host, port, backlog: this.backlog }, resolve));
      wss.once('error', reject);
    }).catch((e: unknown) => {
      this.close();
      throw new Error(`The ${this.ctx.id} connector cannot listen on ${host}:${port}: ${describe(e)}`);
    });
    this.wss!.on('error', (e) => this.ctx.report(`${this.ctx.id}: ${e.message}`));
    this.wss!.on('connection', (ws, req) => this.accept(ws, req));
  }

  async stop(): Promise<void> {
    this.unlisten();
    this.source.end();
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const host = req.socket.remoteAddress ?? '';
    const port = req.socket.remotePort ?? 0;
    const conn = new WsConn(this.ctx, ws, 'ws_server', { tls: false, peer: { host, port } }, { scheme: 'tremor-ws-server', host, port, path: [] });
    conn.attach(this.source, this.peers.add(`${host.includes(':') ? `[${host}]` : host}:${port}`, conn));
  }

  /** stops accepting; open websockets stay (ws's `close` leaves them alone) */
  private unlisten(): void {
    const wss = this.wss;
    this.wss = null;
    wss?.close();
  }

  private close(): void {
    this.unlisten();
    this.peers.destroy();
  }
}

/** one websocket connection to `url` at a time */
function wsClientInstance(ctx: ConnectorContext, url: URL, reconnect: Reconnect): ConnectorInstance {
  const tls = url.protocol === 'wss:';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (tls ? 443 : 80);
  const origin = { scheme: 'tremor-ws-client', host, port, path: url.pathname.split('/').filter((s) => s !== '') };
  const dial = (source: EventQueue, closed: (c: WsConn, why?: string) => void) =>
    new Promise<WsConn>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('error', reject);
      ws.once('open', () => {
        ws.off('error', reject);
        const conn = new WsConn(ctx, ws, 'ws_client', { tls, peer: { host, port } }, origin);
        conn.attach(source, (why) => closed(conn, why));
        resolve(conn);
      });
    });
  return new Client(ctx, reconnect, url.href, dial).instance();
}

export interface WsServerConfig {
  url: HostPort;
  backlog: number;
}

export interface WsClientConfig {
  url: string;
  reconnect: Reconnect;
}

export const wsServer: ConnectorType<WsServerConfig> = {
  name: 'ws_server',
  summary: 'accepts websocket connections: messages from each, answers routed back by `$ws_server.peer`',
  codec: 'required',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const rec = configRecord('ws_server', config, ['url', 'backlog'], ['url']);
    return { url: hostPort('ws_server', 'url', rec.url), backlog: optNumber('ws_server', rec, 'backlog', 128) };
  },
  create(ctx, config): ListeningInstance {
    const server = new WsServer(ctx, config.url, config.backlog);
    return {
      source: server.source,
      sink: server.sink,
      start: () => server.start(),
      stop: () => server.stop(),
      get port() {
        return server.port;
      },
    };
  },
};

export const wsClient: ConnectorType<WsClientConfig> = {
  name: 'ws_client',
  summary: 'connects to a websocket server: messages both ways, reconnecting by `reconnect`',
  codec: 'required',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const rec = configRecord('ws_client', config, ['url', 'reconnect'], ['url']);
    let url: URL | null = null;
    try {
      url = typeof rec.url === 'string' ? new URL(rec.url) : null;
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== 'ws:' && url.protocol !== 'wss:') || url.hostname === '') throw new ConfigError(`The \`url\` of a ws_client connector must be a "ws://host:port/path" or "wss://…" url, not ${stringify(rec.url ?? null)}`);
    return { url: url.href, reconnect: reconnectConfig('ws_client', rec.reconnect) };
  },
  create(ctx, config) {
    return wsClientInstance(ctx, new URL(config.url), reconnectOf(ctx, 'ws_client', config.reconnect));
  },
};
