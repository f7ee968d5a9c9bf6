/**
 * unix_socket_server / unix_socket_client: events over a unix domain socket (reference §3.11),
 * like tcp_server / tcp_client (the same session layer, net/, over node:net) but at a socket
 * file.
 *
 * unix_socket_server config: `path` (required; a stale socket file left there by a previous
 * run is removed on start, anything else at the path is an error), `permissions` (the file's
 * mode once listening, octal as in chmod: "600", "=600", "0660"), `backlog` (128), `buf_size`
 * (8192: the most bytes one read hands to the preprocessors), `max_queued_bytes` (ours:
 * 8 MiB, or null: as for tcp_server, a connection that does not read is closed once that much
 * waits for it, so that it holds up no other; net/outbox.ts). Each connection is a stream of
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
import { messageOf } from '../base/message-of.js';
import { stringify } from '../runtime/json.js';
import { field, schema } from '../runtime/schema.js';
import { isRecord } from '../runtime/value.js';
import type { ConnectorType } from './connector.js';
import { backlog, bufSize, invalid, owner, path } from './config-fields.js';
import { reconnect, reconnectOf, type Reconnect } from './net/backoff.js';
import { sessionClient } from './net/client.js';
import { maxQueuedBytes } from './net/outbox.js';
import { SessionServer, type ListeningInstance } from './net/session-server.js';
import { socketDialler, socketListener } from './net/socket-wire.js';

export interface UnixServerConfig {
  path: string;
  permissions: number | null;
  backlog: number;
  bufSize: number;
  maxQueuedBytes: number | null;
}

export interface UnixClientConfig {
  path: string;
  bufSize: number;
  reconnect: Reconnect;
}

/** chmod's octal modes, with Tremor's optional leading `=` */
const permissions = field(
  'string',
  (v, where): number | null => {
    const m = typeof v === 'string' ? /^=?(0o?)?([0-7]{3,4})$/.exec(v) : null;
    return m ? parseInt(m[2], 8) : v === null ? null : invalid(where, 'an octal mode such as "=600" or "0660"', v);
  },
  { doc: 'the socket file\'s mode once listening, as in chmod ("=600", "0660")' },
);

const SERVER = schema({
  path: path({ required: true, doc: 'the socket file (a stale one is removed on start)' }),
  permissions,
  backlog,
  buf_size: bufSize,
  max_queued_bytes: maxQueuedBytes,
});

const CLIENT = schema({
  path: path({ required: true, doc: 'the socket file to connect to' }),
  buf_size: bufSize,
  reconnect,
});

/** removes a socket file a previous run left behind; refuses to touch anything else */
async function removeStale(id: string, path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(path)).isSocket();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new Error(`The ${id} connector cannot check ${stringify(path)}: ${messageOf(e)}`);
  }
  if (!isSocket) throw new Error(`The ${id} connector cannot listen on ${stringify(path)}: the path exists and is not a socket`);
  await unlink(path);
}

export const unixSocketServer: ConnectorType<UnixServerConfig> = {
  name: 'unix_socket_server',
  summary: 'listens on a unix domain socket: events from each connection, answers routed back by `$unix_socket_server.peer`',
  codec: 'required',
  config: SERVER,
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const c = SERVER.read(owner('unix_socket_server'), config);
    return { path: c.path, permissions: c.permissions ?? null, backlog: c.backlog, bufSize: c.buf_size, maxQueuedBytes: c.max_queued_bytes };
  },
  create(ctx, config): ListeningInstance {
    const { path } = config;
    const host = os.hostname();
    return new SessionServer(ctx, {
      type: 'unix_socket_server',
      listener: socketListener({ path, backlog: config.backlog }),
      peer: (_remote, n) => ({ value: n, key: String(n), origin: { scheme: 'tremor-unix-socket-server', host, port: null, path: [path] } }),
      meta: (peer) => ({ unix_socket_server: { path, peer } }),
      routeKey: (meta) => {
        const ns = meta.unix_socket_server;
        if (!isRecord(ns) || ns.peer === undefined) return undefined;
        return typeof ns.peer === 'number' && Number.isInteger(ns.peer) ? String(ns.peer) : null;
      },
      maxQueuedBytes: config.maxQueuedBytes,
      readSize: config.bufSize,
      prepare: () => removeStale(ctx.id, path),
      listening: async () => {
        if (config.permissions !== null) await chmod(path, config.permissions);
      },
    }).instance();
  },
};

export const unixSocketClient: ConnectorType<UnixClientConfig> = {
  name: 'unix_socket_client',
  summary: 'connects to a unix domain socket: events both ways, reconnecting by `reconnect`',
  codec: 'required',
  config: CLIENT,
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const c = CLIENT.read(owner('unix_socket_client'), config);
    return { path: c.path, bufSize: c.buf_size, reconnect: c.reconnect };
  },
  create(ctx, config) {
    const { path } = config;
    return sessionClient(ctx, {
      dial: socketDialler({ path }),
      target: stringify(path),
      reconnect: reconnectOf(ctx, 'unix_socket_client', config.reconnect),
      meta: () => ({ unix_socket_client: { peer: path } }),
      origin: { scheme: 'tremor-unix-socket-client', host: os.hostname(), port: null, path: [path] },
      readSize: config.bufSize,
    });
  },
};
