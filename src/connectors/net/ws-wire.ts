/**
 * Websockets (the `ws` package) as a transport for the session layer. Each message, text or
 * binary, is one chunk for the decoder. Each encoded chunk is one message: a text frame, or a
 * binary frame when the event's top-level `$binary` is true — or when the chunk is not valid
 * UTF-8, which a text frame cannot carry (Tremor fails such an event instead).
 */
import { isUtf8 } from 'node:buffer';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { HostPort } from './host-port.js';
import type { Listener } from './session-server.js';
import type { Session, Wire } from './session.js';

/** above this many bytes queued on a websocket, the sink waits for it to be written */
const HIGH_WATER = 64 * 1024;

const bytes = (d: RawData): Buffer => (Buffer.isBuffer(d) ? d : Array.isArray(d) ? Buffer.concat(d) : Buffer.from(d));

export function wsWire(ws: WebSocket): Wire {
  return {
    get writable() {
      return ws.readyState === WebSocket.OPEN;
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
    end() {
      if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
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

/** a WebSocketServer at `url` */
export function wsListener(url: HostPort, backlog: number): Listener {
  let wss: WebSocketServer | null = null;
  return {
    where: `${url.host}:${url.port}`,
    listen(accept) {
      return new Promise<void>((resolve, reject) => {
        const server = (wss = new WebSocketServer({ host: url.host, port: url.port, backlog }, () => {
          server.off('error', reject);
          resolve();
        }));
        server.once('error', reject);
        server.on('connection', (ws, req) => accept(wsWire(ws), { host: req.socket.remoteAddress ?? '', port: req.socket.remotePort ?? 0 }));
      });
    },
    onError: (report) => wss?.on('error', report),
    port() {
      const a = wss?.address();
      return a && typeof a === 'object' ? a.port : 0;
    },
    /** stops accepting; open websockets stay (ws's `close` leaves them alone) */
    close() {
      const server = wss;
      wss = null;
      server?.close();
    },
  };
}

/** opens a websocket to `url` */
export function wsDialler(url: URL): (opened: (w: Wire) => Session) => Promise<Session> {
  return (opened) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('error', reject);
      ws.once('open', () => {
        ws.off('error', reject);
        resolve(opened(wsWire(ws)));
      });
    });
}
