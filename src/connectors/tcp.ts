/**
 * tcp_server / tcp_client: events over TCP (reference §3.8). TCP has no framing: pair the codec
 * with `separate` pre/postprocessors for lines.
 *
 * tcp_server config: `url` ("host:port", port 4242 when left out, 0 for an ephemeral port —
 * the instance's `port` says which), `backlog` (128), `buf_size` (8192, accepted for Tremor's
 * sake: Node sizes its own reads). Every accepted connection is a stream of its own (its own
 * decoder and encoder; its close flushes a last line without separator); its events carry
 * `$tcp_server = {"tls": false, "peer": {"host", "port"}}`. The sink writes an event to the
 * connection named by `$tcp_server.peer` — so a pipeline that keeps the metadata answers each
 * client on its own connection — or, without it, to every open connection. An event for a peer
 * that is gone is reported and dropped.
 *
 * tcp_client config: `url` ("host:port", required), `no_delay` (true), `buf_size` (8192, as
 * above), `reconnect` (Tremor's connector-level strategy, `"none"` or
 * `{"retry": {"interval_ms", "growth_rate", "max_retries", "randomized"}}`, durations in ms).
 * Tremor sets it with the connector's `with reconnect = …`, but ConnectorContext does not carry
 * that yet, so for now it is read from `config`; a `reconnect` field on the context, once the
 * runtime adds one, takes precedence (net/backoff.ts `reconnectOf`). Without a strategy a failing
 * first connect fails `start`, and a lost connection is retried once after 1 s. Events carry
 * `$tcp_client = {"tls": false, "peer": {"host", "port"}}`; every event goes to the connection,
 * waiting (backpressure) while it is being re-established.
 *
 * ```tremor
 * define connector echo from tcp_server
 * with
 *   codec = "string", preprocessors = ["separate"], postprocessors = ["separate"],
 *   config = {"url": "127.0.0.1:4242"}
 * end;
 * define connector upstream from tcp_client
 * with
 *   codec = "json", preprocessors = ["separate"], postprocessors = ["separate"],
 *   config = {"url": "localhost:4243", "reconnect": {"retry": {"interval_ms": 100, "max_retries": 10}}}
 * end;
 * ```
 *
 * The connections, the server and the client are the session layer's (net/), over node:net
 * (net/socket-wire.ts); unix.ts uses the same layer for unix domain sockets, ws.ts for websockets.
 */
import { bool, schema } from '../runtime/schema.js';
import type { Rec } from '../runtime/value.js';
import type { ConnectorType } from './connector.js';
import { backlog, bufSize, owner } from './config-fields.js';
import { reconnect, reconnectOf, type Reconnect } from './net/backoff.js';
import { sessionClient } from './net/client.js';
import { hostPort, hostString, type HostPort } from './net/host-port.js';
import { peerKey } from './net/peers.js';
import { SessionServer, type ListeningInstance } from './net/session-server.js';
import { socketDialler, socketListener } from './net/socket-wire.js';

export type { ListeningInstance } from './net/session-server.js';


const SERVER = schema({
  url: hostPort({ required: true, defaultPort: 4242, doc: 'where to listen, "host:port" (port 0: an ephemeral one)' }),
  backlog,
  buf_size: bufSize,
});

const CLIENT = schema({
  url: hostPort({ required: true, nonZero: true, doc: 'the server, "host:port"' }),
  no_delay: bool({ default: true, doc: "disable Nagle's algorithm" }),
  buf_size: bufSize,
  reconnect,
});

export interface TcpServerConfig {
  url: HostPort;
  backlog: number;
  bufSize: number;
}

export interface TcpClientConfig {
  url: HostPort;
  noDelay: boolean;
  bufSize: number;
  reconnect: Reconnect;
}

export const tcpServer: ConnectorType<TcpServerConfig> = {
  name: 'tcp_server',
  summary: 'listens for TCP connections: events from each, answers routed back by `$tcp_server.peer`',
  codec: 'required',
  config: SERVER,
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const c = SERVER.read(owner('tcp_server'), config);
    return { url: c.url, backlog: c.backlog, bufSize: c.buf_size };
  },
  create(ctx, config): ListeningInstance {
    return new SessionServer(ctx, {
      type: 'tcp_server',
      listener: socketListener({ host: config.url.host, port: config.url.port, backlog: config.backlog }, (s) => s.setNoDelay(true)),
      peer: ({ host, port }) => ({ value: { host, port }, key: `${hostString(host)}:${port}`, origin: { scheme: 'tremor-tcp-server', host, port, path: [] } }),
      meta: (peer) => ({ tcp_server: { tls: false, peer: { ...(peer as Rec) } } }),
      routeKey: (meta) => peerKey(meta, 'tcp_server'),
    }).instance();
  },
};

export const tcpClient: ConnectorType<TcpClientConfig> = {
  name: 'tcp_client',
  summary: 'connects to a TCP server: events both ways over one connection, reconnecting by `reconnect`',
  codec: 'required',
  config: CLIENT,
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate(config) {
    const c = CLIENT.read(owner('tcp_client'), config);
    return { url: c.url, noDelay: c.no_delay, bufSize: c.buf_size, reconnect: c.reconnect };
  },
  create(ctx, config) {
    const { host, port } = config.url;
    return sessionClient(ctx, {
      dial: socketDialler({ host, port }, (s) => s.setNoDelay(config.noDelay)),
      target: `${hostString(host)}:${port}`,
      reconnect: reconnectOf(ctx, 'tcp_client', config.reconnect),
      meta: () => ({ tcp_client: { tls: false, peer: { host, port } } }),
      origin: { scheme: 'tremor-tcp-client', host, port, path: [] },
    });
  },
};
