/**
 * node:net as a transport for the session layer: a `Wire` over a Socket, a `Listener` over a
 * net.Server and a dialler, for any node:net address (host and port for tcp, a path for unix
 * domain sockets).
 */
import { connect, createServer, type ListenOptions, type NetConnectOpts, type Server, type Socket } from 'node:net';
import { Drain } from './drained.js';
import type { Listener, Remote } from './session-server.js';
import type { Session, Wire } from './session.js';

export function socketWire(s: Socket): Wire {
  const drain = new Drain(s);
  return {
    get writable() {
      return !s.destroyed && s.writable;
    },
    write(chunks) {
      let full = false;
      for (const c of chunks) full = !s.write(c) || full;
      return full ? drain.wait() : null;
    },
    end() {
      if (s.destroyed || !s.writable) return Promise.resolve();
      return new Promise((resolve) => {
        s.once('close', resolve);
        s.end(resolve);
      });
    },
    destroy: () => s.destroy(),
    pause: () => s.pause(),
    resume: () => s.resume(),
    listen(on) {
      s.on('data', (chunk: Buffer) => on.data(chunk, false));
      s.on('error', on.error);
      s.once('close', on.close);
    },
  };
}

/** a net.Server listening at `opts`; `setup` adjusts each accepted socket */
export function socketListener(opts: ListenOptions, setup?: (s: Socket) => void): Listener {
  let server: Server | null = null;
  return {
    where: opts.path ?? `${opts.host}:${opts.port}`,
    listen(accept) {
      const srv = (server = createServer());
      srv.on('connection', (s) => {
        setup?.(s);
        accept(socketWire(s), { host: s.remoteAddress ?? '', port: s.remotePort ?? 0 } satisfies Remote);
      });
      return new Promise<void>((resolve, reject) => {
        srv.once('error', reject);
        srv.listen(opts, () => {
          srv.off('error', reject);
          resolve();
        });
      });
    },
    onError: (report) => server?.on('error', report),
    port() {
      const a = server?.address();
      return a && typeof a === 'object' ? a.port : 0;
    },
    close() {
      const srv = server;
      server = null;
      srv?.close();
    },
  };
}

/** connects to `opts`; `setup` adjusts the socket once connected */
export function socketDialler(opts: NetConnectOpts, setup?: (s: Socket) => void): (opened: (w: Wire) => Session) => Promise<Session> {
  return (opened) =>
    new Promise((resolve, reject) => {
      const socket = connect(opts);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        setup?.(socket);
        resolve(opened(socketWire(socket)));
      });
    });
}
