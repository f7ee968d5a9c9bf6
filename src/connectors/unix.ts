/**
 * unix_socket_server / unix_socket_client: events over a unix domain socket (reference §3.11),
 * like tcp_server / tcp_client (tcp.ts, whose socket server and client they reuse) but at a
 * socket file.
 *
 * unix_socket_server config: `path` (required; a stale socket file left there by a previous
 * run is removed on start, anything else at the path is an error), `permissions` (the file's
 * mode once listening, octal as in chmod: "600", "=600", "0660"), `backlog` (128), `buf_size`
 * (8192, accepted for Tremor's sake: Node sizes its own reads). Each connection is a stream of
 * its own, numbered from 0; its events carry `$unix_socket_server = {"path": …, "peer": n}` and
 * the sink writes an event to the connection `$unix_socket_server.peer` names, or to every
 * connection without it. Closing the server removes the socket file.
 *
 * unix_socket_client config: `path` (required), `buf_size` (as above), `reconnect` (as for
 * tcp_client: read from `config` for now, as ConnectorContext does not carry the connector's
 * `with reconnect = …`). Events carry `$unix_socket_client = {"peer": <path>}`.
 *
 * ```tremor
 * define connector control from unix_socket_server
 * with
 *   codec = "json", preprocessors = ["separate"], postprocessors = ["separate"],
 *   config = {"path": "/tmp/tremor.sock", "permissions": "=600"}
 * end;
 * ```
 */
import os from 'node:os';
import { chmod, lstat, unlink } from 'node:fs/promises';
import { stringify } from '../runtime/json.js';
import { isRecord } from '../runtime/value.js';
import { ConfigError, configRecord, type ConnectorInstance, type ConnectorType } from './connector.js';
import { describe, optNumber, reconnectConfig, reconnectOf, type Reconnect } from './netutil.js';
import { SocketServer, socketClient } from './tcp.js';

export interface UnixServerConfig {
  path: string;
  permissions: number | null;
  backlog: number;
  bufSize: number;
}

export interface UnixClientConfig {
  path: string;
  bufSize: number;
  reconnect: Reconnect;
}

function socketPath(type: string, v: unknown): string {
  if (typeof v !== 'string' || v === '') throw new ConfigError(`The \`path\` of a ${type} connector must be a non-empty string, not ${stringify((v ?? null) as never)}`);
  return v;
}

/** chmod's octal modes, with Tremor's optional leading `=` */
function permissions(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  const m = typeof v === 'string' ? /^=?(0o?)?([0-7]{3,4})$/.exec(v) : null;
  if (!m) throw new ConfigError(`The \`permissions\` of a unix_socket_server connector must be an octal mode such as "=600" or "0660", not ${stringify(v as never)}`);
  return parseInt(m[2], 8);
}

/** removes a socket file a previous run left behind; refuses to touch anything else */
async function removeStale(id: string, path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(`The ${id} connector cannot check ${stringify(path)}: ${describe(e)}`);
  }
  if (!isSocket) throw new Error(`The ${id} connector cannot listen on ${stringify(path)}: the path exists and is not a socket`);
  await unlink(path);
}

export const unixSocketServer: ConnectorType<UnixServerConfig> = {
  name: 'unix_socket_server',
  summary: 'listens on a unix domain socket: events from each connection, answers routed back by `$unix_socket_server.peer`',
  codec: 'required',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const t = 'unix_socket_server';
    const rec = configRecord(t, config, ['path', 'permissions', 'backlog', 'buf_size'], ['path']);
    return { path: socketPath(t, rec.path), permissions: permissions(rec.permissions), backlog: optNumber(t, rec, 'backlog', 128), bufSize: optNumber(t, rec, 'buf_size', 8192) };
  },
  create(ctx, config): ConnectorInstance {
    const { path } = config;
    const host = os.hostname();
    const server = new SocketServer(ctx, {
      type: 'unix_socket_server',
      listen: { path, backlog: config.backlog },
      peer: (_s, n) => ({ value: n, key: String(n), origin: { scheme: 'tremor-unix-socket-server', host, port: null, path: [path] } }),
      meta: (peer) => ({ unix_socket_server: { path, peer } }),
      routeKey: (meta) => {
        const ns = meta.unix_socket_server;
        if (!isRecord(ns) || ns.peer === undefined) return undefined;
        return typeof ns.peer === 'number' && Number.isInteger(ns.peer) ? String(ns.peer) : null;
      },
      prepare: () => removeStale(ctx.id, path),
      listening: async () => {
        if (config.permissions !== null) await chmod(path, config.permissions);
      },
    });
    return { source: server.source, sink: server.sink, start: () => server.start(), stop: () => server.stop() };
  },
};

export const unixSocketClient: ConnectorType<UnixClientConfig> = {
  name: 'unix_socket_client',
  summary: 'connects to a unix domain socket: events both ways, reconnecting by `reconnect`',
  codec: 'required',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const t = 'unix_socket_client';
    const rec = configRecord(t, config, ['path', 'buf_size', 'reconnect'], ['path']);
    return { path: socketPath(t, rec.path), bufSize: optNumber(t, rec, 'buf_size', 8192), reconnect: reconnectConfig(t, rec.reconnect) };
  },
  create(ctx, config) {
    const { path } = config;
    return socketClient(ctx, {
      connect: { path },
      target: stringify(path),
      reconnect: reconnectOf(ctx, 'unix_socket_client', config.reconnect),
      meta: () => ({ unix_socket_client: { peer: path } }),
      origin: { scheme: 'tremor-unix-socket-client', host: os.hostname(), port: null, path: [path] },
    });
  },
};
