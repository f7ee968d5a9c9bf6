/**
 * Where the connectors' listening sockets come from: a net.Server of their own, or — for
 * SO_REUSEPORT on a Node that cannot set it (before 22.12) — a share of one net.Server that
 * every listener of this process on the same address joins.
 *
 * SO_REUSEPORT lets several sockets listen on one address and has the kernel spread the
 * connections among them. The common Tremor use is one flow deployed twice
 * (`deploy flow a from f; deploy flow b from f;`), both servers in one process: there one
 * net.Server per address, handing its connections to the members in turn, does what the
 * kernel would. A second *process* cannot join (EADDRINUSE, reported with the reason).
 *
 * The table of shared addresses is process-wide on purpose, the one exception to "no module
 * state" in the connectors: the kernel keys SO_REUSEPORT groups by address for the whole
 * process, and this stands in for it. An entry lives while it has members.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { nodeHasReusePort } from './socket-options.js';

export interface PortOptions {
  host?: string;
  port?: number;
  /** a unix socket path instead of host and port */
  path?: string;
  backlog: number;
  reusePort?: boolean;
}

/** a listening socket handing out accepted connections */
export interface RawListener {
  listen(accept: (s: Socket) => void): Promise<void>;
  onError(report: (e: Error) => void): void;
  port(): number;
  close(): void;
}

interface Group {
  server: Server;
  members: ((s: Socket) => void)[];
  next: number;
  ready: Promise<void>;
}

const groups = new Map<string, Group>();

function listening(srv: Server, opts: object): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(opts, () => {
      srv.off('error', reject);
      resolve();
    });
  });
}

const portOf = (srv: Server | null | undefined): number => {
  const a = srv?.address();
  return a && typeof a === 'object' ? a.port : 0;
};

/** a listener of its own; with `reusePort` on Node ≥ 22.12, the kernel's SO_REUSEPORT */
function ownListener(opts: PortOptions): RawListener {
  let server: Server | null = null;
  return {
    listen(accept) {
      const srv = (server = createServer(accept));
      const { reusePort, ...rest } = opts;
      return listening(srv, reusePort ? { ...rest, reusePort: true } : rest);
    },
    onError: (report) => server?.on('error', report),
    port: () => portOf(server),
    close() {
      const srv = server;
      server = null;
      srv?.close();
    },
  };
}

/** a member of the process's listener at `host:port` */
function sharedListener(opts: PortOptions): RawListener {
  const key = `${opts.host ?? ''}|${opts.port}`;
  let group: Group | null = null;
  let member: ((s: Socket) => void) | null = null;
  return {
    async listen(accept) {
      let g = groups.get(key);
      if (!g) {
        const server = createServer((s) => {
          const ms = created.members;
          if (ms.length === 0) return void s.destroy();
          ms[created.next++ % ms.length](s);
        });
        const created: Group = { server, members: [], next: 0, ready: listening(server, opts) };
        g = created;
        groups.set(key, g);
        created.ready.catch(() => groups.get(key) === created && groups.delete(key));
      }
      group = g;
      member = accept;
      g.members.push(accept);
      try {
        await g.ready;
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code === 'EADDRINUSE') err.message += ' (SO_REUSEPORT: Node before 22.12 cannot set it; only listeners of this process share the address)';
        throw err;
      }
    },
    onError: (report) => group?.server.on('error', report),
    port: () => portOf(group?.server),
    close() {
      const g = group;
      group = null;
      if (!g) return;
      g.members = g.members.filter((m) => m !== member);
      if (g.members.length === 0) {
        if (groups.get(key) === g) groups.delete(key);
        g.server.close();
      }
    },
  };
}

/** the listening socket for `opts` */
export function rawListener(opts: PortOptions): RawListener {
  const shared = opts.reusePort && opts.path === undefined && opts.port !== 0 && !nodeHasReusePort();
  return shared ? sharedListener(opts) : ownListener(opts);
}
