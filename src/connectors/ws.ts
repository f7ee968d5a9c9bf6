/**
 * ws_server / ws_client: events over websockets (reference §3.9), with the `ws` package.
 *
 * ws_server config: `url` ("host:port", optionally "ws://host:port"; port 0 for an ephemeral
 * one, the instance's `port` says which), `tls` ({"cert", "key"}: PEM files, net/tls.ts; the
 * websockets are then served over https), `backlog` (128), `socket_options`
 * ({"SO_REUSEPORT": false, "SO_REUSEADDR": true, "TCP_NODELAY": true},
 * net/socket-options.ts), `max_queued_bytes` (ours: 8 MiB, or null: as for tcp_server, a
 * client that does not read is disconnected once that much waits for it, so that it holds up
 * no other; net/outbox.ts). ws_client config: `url` ("ws://host:port/path" or "wss://…"), `tls`
 * (true for the system roots, or {"cafile", "domain", "cert", "key"}; as in Tremor it is `tls`
 * that makes the connection TLS, and a "wss://" url without it uses the defaults), `no_delay`
 * (true; 0.13: `socket_options.TCP_NODELAY`), `socket_options` (as above), `reconnect` (as
 * for tcp_client: the connector's `with reconnect = …`, or this key).
 *
 * Every websocket connection is a stream of its own (decoder and encoder); each message, text
 * or binary, is one chunk for the preprocessors and codec; a binary message's events carry the
 * top-level `$binary = true`. Events carry `$ws_server` / `$ws_client` =
 * `{"tls": bool, "peer": {"host", "port"}}`. The server's sink writes an event to the
 * connection `$ws_server.peer` names (answers go back where the request came from), or without
 * it to every connection. Each encoded chunk is one message: a text frame, or a binary frame
 * when the event's top-level `$binary` is true — or when the chunk is not valid UTF-8, which a
 * text frame cannot carry (Tremor fails such an event instead). The connections, server and
 * client are the session layer's (net/), over the `ws` package (net/ws-wire.ts).
 *
 * ```tremor
 * define connector ws from ws_server
 * with codec = "json", config = {"url": "127.0.0.1:8080"} end;
 * define connector feed from ws_client
 * with codec = "json", config = {"url": "ws://127.0.0.1:8080/feed", "reconnect": {"retry": {"interval_ms": 500}}} end;
 * ```
 */
import { bool, field, schema } from '../runtime/schema.js';
import type { Rec } from '../runtime/value.js';
import type { ConnectorType } from './connector.js';
import { backlog, invalid, owner } from './config-fields.js';
import { reconnect, reconnectOf, type Reconnect } from './net/backoff.js';
import { sessionClient } from './net/client.js';
import { hostPort, hostString, type HostPort } from './net/host-port.js';
import { maxQueuedBytes } from './net/outbox.js';
import { peerKey } from './net/peers.js';
import { SessionServer, type ListeningInstance } from './net/session-server.js';
import { wsDialler, wsListener } from './net/ws-wire.js';
import { tcpOptions, tcpSocketOptions, type TcpSocketOptions } from './net/socket-options.js';
import { clientTlsOptions, serverTlsOptions, tlsClient, tlsServer, type ClientTls, type ServerTls } from './net/tls.js';

/** a `ws://` or `wss://` url with a host */
const wsUrl = field(
  '"ws://host:port/path"',
  (v, where): string => {
    let url: URL | null = null;
    try {
      url = typeof v === 'string' ? new URL(v) : null;
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== 'ws:' && url.protocol !== 'wss:') || url.hostname === '') return invalid(where, 'a "ws://host:port/path" or "wss://…" url', v);
    return url.href;
  },
  { required: true, doc: 'the server to connect to, "ws://host:port/path" or "wss://…"' },
);

const SERVER = schema({
  url: hostPort({ required: true, doc: 'where to listen, "host:port" or "ws://host:port" (port 0: an ephemeral one)' }),
  tls: tlsServer,
  backlog,
  socket_options: tcpSocketOptions,
  max_queued_bytes: maxQueuedBytes,
});

const CLIENT = schema({
  url: wsUrl,
  tls: tlsClient,
  no_delay: bool({ doc: "disable Nagle's algorithm (default true; 0.13: `socket_options.TCP_NODELAY`)" }),
  socket_options: tcpSocketOptions,
  reconnect,
});

export interface WsServerConfig {
  url: HostPort;
  tls: ServerTls | null;
  backlog: number;
  socket: TcpSocketOptions;
  maxQueuedBytes: number | null;
}

export interface WsClientConfig {
  url: string;
  tls: ClientTls | null;
  socket: TcpSocketOptions;
  reconnect: Reconnect;
}

export const wsServer: ConnectorType<WsServerConfig> = {
  name: 'ws_server',
  summary: 'accepts websocket connections: messages from each, answers routed back by `$ws_server.peer`',
  codec: 'required',
  config: SERVER,
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const c = SERVER.read(owner('ws_server'), config);
    const socket = tcpOptions(owner('ws_server'), c.socket_options, 'server');
    return { url: c.url, tls: c.tls ?? null, backlog: c.backlog, socket, maxQueuedBytes: c.max_queued_bytes };
  },
  create(ctx, config): ListeningInstance {
    const { tls, socket } = config;
    return new SessionServer(ctx, {
      type: 'ws_server',
      listener: wsListener(config.url, { backlog: config.backlog, reusePort: socket.reusePort, noDelay: socket.noDelay, tls: tls ? () => serverTlsOptions(tls) : undefined }),
      peer: ({ host, port }) => ({ value: { host, port }, key: `${hostString(host)}:${port}`, origin: { scheme: 'tremor-ws-server', host, port, path: [] } }),
      meta: (peer) => ({ ws_server: { tls: tls !== null, peer: { ...(peer as Rec) } } }),
      routeKey: (meta) => peerKey(meta, 'ws_server'),
      maxQueuedBytes: config.maxQueuedBytes,
    }).instance();
  },
};

export const wsClient: ConnectorType<WsClientConfig> = {
  name: 'ws_client',
  summary: 'connects to a websocket server: messages both ways, reconnecting by `reconnect`',
  codec: 'required',
  config: CLIENT,
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const c = CLIENT.read(owner('ws_client'), config);
    const socket = tcpOptions(owner('ws_client'), c.socket_options, 'client', c.no_delay);
    return { url: c.url, tls: c.tls ?? null, socket, reconnect: c.reconnect };
  },
  create(ctx, config) {
    const url = new URL(config.url);
    const settings = config.tls ?? (url.protocol === 'wss:' ? {} : null);
    const tls = settings !== null;
    // the ws package decides TLS by the scheme
    if (tls) url.protocol = 'wss:';
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const port = Number(url.port) || (tls ? 443 : 80);
    return sessionClient(ctx, {
      dial: wsDialler(url, config.socket.noDelay, settings ? () => clientTlsOptions(settings, host) : undefined),
      target: url.href,
      reconnect: reconnectOf(ctx, 'ws_client', config.reconnect),
      meta: () => ({ ws_client: { tls, peer: { host, port } } }),
      origin: { scheme: 'tremor-ws-client', host, port, path: url.pathname.split('/').filter((s) => s !== '') },
    });
  },
};
