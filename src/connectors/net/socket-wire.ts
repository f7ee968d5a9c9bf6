/**
 * node:net as a transport for the session layer: a `Wire` over a Socket, a `Listener` over a
 * net.Server and a dialler, for any node:net address (host and port for tcp, a path for unix
 * domain sockets), plain or TLS (node:tls; net/tls.ts reads the configuration).
 */
import { connect, type NetConnectOpts, type Socket } from 'node:net';
import { connect as tlsConnect, createSecureContext, TLSSocket, type ConnectionOptions, type SecureContext, type TlsOptions } from 'node:tls';
import { Drain } from './drained.js';
import type { Listener, Remote } from './session-server.js';
import { rawListener, type PortOptions } from './shared-port.js';
import type { Session, Wire } from './session.js';

export function socketWire(s: Socket): Wire {
  const drain = new Drain(s);
  let corked = false;
  const uncork = () => {
    corked = false;
    s.uncork();
  };
  return {
    get writable() {
      return !s.destroyed && s.writable;
    },
    write(chunks, _meta, now) {
      if (now) {
        // an event answered once written goes out at once, after what is corked
        if (corked) uncork();
      } else if (!corked) {
        // the writes of one turn of the event loop go out together (one writev when the turn
        // ends), not one system call each
        corked = true;
        s.cork();
        setImmediate(uncork);
      }
      let full = false;
      for (const c of chunks) full = !s.write(c) || full;
      return full ? drain.wait() : null;
    },
    queued: () => s.writableLength,
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

export interface ListenerOptions {
  /** adjusts each accepted socket (TCP_NODELAY) */
  setup?: (s: Socket) => void;
  /** TLS (read when listening starts): each accepted connection is wrapped, and handed on once its handshake is done */
  tls?: () => TlsOptions;
}

/** a listener at `opts` (its own net.Server, or a share of one for SO_REUSEPORT: shared-port.ts) */
export function socketListener(opts: PortOptions, o: ListenerOptions = {}): Listener {
  const raw = rawListener(opts);
  let secure: SecureContext | null = null;
  let report: (e: Error) => void = () => {};
  const handOn = (accept: (wire: Wire, remote: Remote) => void, s: Socket) => {
    o.setup?.(s);
    const remote: Remote = { host: s.remoteAddress ?? '', port: s.remotePort ?? 0 };
    if (!secure) return accept(socketWire(s), remote);
    const t = new TLSSocket(s, { isServer: true, secureContext: secure });
    const failed = (e: Error) => {
      report(new Error(`TLS handshake with ${remote.host}:${remote.port} failed: ${e.message}`));
      t.destroy();
    };
    t.once('error', failed);
    t.once('secure', () => {
      t.off('error', failed);
      accept(socketWire(t), remote);
    });
  };
  return {
    where: opts.path ?? `${opts.host}:${opts.port}`,
    async listen(accept) {
      if (o.tls) secure = createSecureContext(o.tls());
      return raw.listen((s) => handOn(accept, s));
    },
    onError(r) {
      report = r;
      raw.onError(r);
    },
    port: () => raw.port(),
    close: () => raw.close(),
  };
}

/** connects to `opts` (over TLS when `tls` is given); `setup` adjusts the socket once connected */
export function socketDialler(opts: NetConnectOpts, setup?: (s: Socket) => void, tls?: () => ConnectionOptions): (opened: (w: Wire) => Session) => Promise<Session> {
  return (opened) =>
    new Promise((resolve, reject) => {
      const socket = tls ? tlsConnect({ ...(opts as object), ...tls() }) : connect(opts);
      socket.once('error', reject);
      socket.once(tls ? 'secureConnect' : 'connect', () => {
        socket.off('error', reject);
        setup?.(socket);
        resolve(opened(socketWire(socket)));
      });
    });
}
