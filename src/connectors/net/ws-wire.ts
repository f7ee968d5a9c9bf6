/**
 * Websockets (the `ws` package) as a transport for the session layer. Each message, text or
 * binary, is one chunk for the decoder. Each encoded chunk is one message: a text frame, or a
 * binary frame when the event's top-level `$binary` is true — or when the chunk is not valid
 * UTF-8, which a text frame cannot carry (Tremor fails such an event instead).
 */
import { isUtf8 } from 'node:buffer';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { ConnectionOptions, TlsOptions } from 'node:tls';
import type { RawData, WebSocket } from 'ws';
import { lazyModule } from '../../base/lazy-module.js';
import type { HostPort } from './host-port.js';
import type { Listener } from './session-server.js';
import { rawListener } from './shared-port.js';
import type { Session, Wire } from './session.js';

/** above this many bytes queued on a websocket, the sink waits for it to be written */
const HIGH_WATER = 64 * 1024;

const wsLib = lazyModule<typeof import('ws')>('ws');
/** WebSocket.OPEN and CLOSED (the `ws` package's readyState values, as in browsers) */
const OPEN = 1;
const CLOSED = 3;

const bytes = (d: RawData): Buffer => (Buffer.isBuffer(d) ? d : Array.isArray(d) ? Buffer.concat(d) : Buffer.from(d));

export function wsWire(ws: WebSocket): Wire {
  return {
    get writable() {
      return ws.readyState === OPEN;
    },
    write(chunks, meta) {
      let written: Promise<void> | null = null;
      chunks.forEach((c, i) => {
        const binary = meta.binary === true || !isUtf8(c);
        if (i < chunks.length - 1) ws.send(c, { binary });
        else written = new Promise((resolve) => ws.send(c, { binary }, () => resolve()));
      });
      return ws.bufferedAmount > HIGH_WATER ? written : null;
    },
    queued: () => ws.bufferedAmount,
    end() {
      if (ws.readyState === CLOSED) return Promise.resolve();
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      ws.close(1000);
      return closed;
    },
    destroy: () => ws.terminate(),
    pause: () => ws.pause(),
    resume: () => ws.resume(),
    listen(on) {
      ws.on('message', (data, isBinary) => on.data(bytes(data), isBinary));
      ws.on('error', on.error);
      ws.once('close', on.close);
    },
  };
}

export interface WsListenOptions {
  backlog: number;
  reusePort: boolean;
  noDelay: boolean;
  /** TLS (read when listening starts): the websockets are served over https */
  tls?: () => TlsOptions;
}

/**
 * A WebSocketServer at `url`. The sockets come from a listener of ours (shared-port.ts, for
 * SO_REUSEPORT) and are handed to an http(s) server that is not listening itself: it does the
 * TLS handshake and the upgrade, `ws` the rest.
 */
export function wsListener(url: HostPort, o: WsListenOptions): Listener {
  const raw = rawListener({ host: url.host, port: url.port, backlog: o.backlog, reusePort: o.reusePort });
  let wss: InstanceType<typeof import('ws').WebSocketServer> | null = null;
  let web: HttpServer | null = null;
  return {
    where: `${url.host}:${url.port}`,
    async listen(accept) {
      const server = (web = o.tls ? createHttpsServer(o.tls()) : createHttpServer());
      const ws = (wss = new (wsLib().WebSocketServer)({ noServer: true }));
      server.on('upgrade', (req, socket, head) => ws.handleUpgrade(req, socket, head, (w) => ws.emit('connection', w, req)));
      ws.on('connection', (w: WebSocket, req: IncomingMessage) => {
        // ws turns Nagle off on every socket; TCP_NODELAY false turns it back on
        if (!o.noDelay) req.socket.setNoDelay(false);
        accept(wsWire(w), { host: req.socket.remoteAddress ?? '', port: req.socket.remotePort ?? 0 });
      });
      await raw.listen((s) => server.emit('connection', s));
    },
    onError(report) {
      raw.onError(report);
      wss?.on('error', report);
      web?.on('tlsClientError', (e: Error) => report(new Error(`TLS handshake failed: ${e.message}`)));
    },
    port: () => raw.port(),
    /** stops accepting; open websockets stay (ws's `close` leaves them alone) */
    close() {
      raw.close();
      wss?.close();
      wss = null;
    },
  };
}

/** opens a websocket to `url` (TLS options for wss) */
export function wsDialler(url: URL, noDelay: boolean, tls?: () => ConnectionOptions): (opened: (w: Wire) => Session) => Promise<Session> {
  return (opened) =>
    new Promise((resolve, reject) => {
      const ws = new (wsLib().WebSocket)(url, tls ? tls() : {});
      ws.once('error', reject);
      ws.once('open', () => {
        ws.off('error', reject);
        // ws turns Nagle off; TCP_NODELAY false turns it back on
        if (!noDelay) (ws as unknown as { _socket?: Socket })._socket?.setNoDelay(false);
        resolve(opened(wsWire(ws)));
      });
    });
}
