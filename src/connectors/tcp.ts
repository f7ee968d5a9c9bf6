/**
 * tcp_server / tcp_client: events over TCP (reference §3.8), plain or TLS. TCP has no framing:
 * pair the codec with `separate` pre/postprocessors for lines.
 *
 * tcp_server config: `url` ("host:port", port 4242 when left out, 0 for an ephemeral port —
 * the instance's `port` says which), `tls` ({"cert", "key"}: PEM files, net/tls.ts),
 * `backlog` (128), `buf_size` (8192: the most bytes one read hands to the preprocessors, as Tremor reads),
 * `socket_options` ({"SO_REUSEPORT": false, "SO_REUSEADDR": true, "TCP_NODELAY": true},
 * net/socket-options.ts), `max_queued_bytes` (ours: 8 MiB, or null; below). Every accepted
 * connection is a stream of its own (its own decoder
 * and encoder; its close flushes a last line without separator); its events carry
 * `$tcp_server = {"tls": bool, "peer": {"host", "port"}}`. The sink writes an event to the
 * connection named by `$tcp_server.peer` — so a pipeline that keeps the metadata answers each
 * client on its own connection — or, without it, to every open connection. An event for a peer
 * that is gone is reported and dropped. A peer that closes its side ends its connection, as
 * in Tremor: what is sent to it afterwards is dropped. Each connection has its own output
 * queue (net/outbox.ts): the sink waits only while every client is slow, and a client whose
 * queue holds more than `max_queued_bytes` (it does not read) is disconnected and reported,
 * so that it holds up no other client; `null` keeps Tremor's behaviour of waiting for it.
 *
 * tcp_client config: `url` ("host:port", required), `tls` (true for the system roots, or
 * {"cafile", "domain", "cert", "key"}), `no_delay` (true; 0.13: `socket_options.TCP_NODELAY`),
 * `socket_options` (as above; SO_REUSEPORT and SO_REUSEADDR change nothing on a client, which
 * binds no fixed port), `buf_size` (8192, as above), `reconnect` (Tremor's connector-level
 * strategy, `"none"` or `{"retry": {"interval_ms", "growth_rate", "max_retries",
 * "randomized"}}`, durations in ms: the connector's `with reconnect = …`, or this key).
 * Without a strategy a failing first connect fails `start`, and a lost connection is retried
 * once after 1 s. Events carry `$tcp_client = {"tls": bool, "peer": {"host", "port"}}`; every
 * event goes to the connection, waiting (backpressure) while it is being re-established.
 *
 * ```tremor
 * define connector echo from tcp_server
 * with
 *   codec = "string", preprocessors = ["separate"], postprocessors = ["separate"],
 *   config = {"url": "127.0.0.1:4242", "tls": {"cert": "server.pem", "key": "server.key"}}
 * end;
 * define connector upstream from tcp_client
 * with
 *   codec = "json", preprocessors = ["separate"], postprocessors = ["separate"],
 *   config = {"url": "localhost:4243", "tls": {"cafile": "ca.pem"}, "socket_options": {"TCP_NODELAY": false}},
 *   reconnect = {"retry": {"interval_ms": 100, "max_retries": 10}}
 * end;
 * ```
 *
 * The connections, the server and the client are the session layer's (net/), over node:net
 * and node:tls (net/socket-wire.ts); unix.ts uses the same layer for unix domain sockets,
 * ws.ts for websockets.
 */
import { bool, schema } from '../runtime/schema.js';
import type { Rec } from '../runtime/value.js';
import type { ConnectorType } from './connector.js';
import { backlog, bufSize, owner } from './config-fields.js';
import { reconnect, reconnectOf, type Reconnect } from './net/backoff.js';
import { sessionClient } from './net/client.js';
import { hostPort, hostString, type HostPort } from './net/host-port.js';
import { maxQueuedBytes } from './net/outbox.js';
import { peerKey } from './net/peers.js';
import { SessionServer, type ListeningInstance } from './net/session-server.js';
import { socketDialler, socketListener } from './net/socket-wire.js';
import { tcpOptions, tcpSocketOptions, type TcpSocketOptions } from './net/socket-options.js';
import { clientTlsOptions, serverTlsOptions, tlsClient, tlsServer, type ClientTls, type ServerTls } from './net/tls.js';

export type { ListeningInstance } from './net/session-server.js';

const SERVER = schema({
  url: hostPort({ required: true, defaultPort: 4242, doc: 'where to listen, "host:port" (port 0: an ephemeral one)' }),
  tls: tlsServer,
  backlog,
  buf_size: bufSize,
  socket_options: tcpSocketOptions,
  max_queued_bytes: maxQueuedBytes,
});

const CLIENT = schema({
  url: hostPort({ required: true, nonZero: true, doc: 'the server, "host:port"' }),
  tls: tlsClient,
  no_delay: bool({ doc: "disable Nagle's algorithm (default true; 0.13: `socket_options.TCP_NODELAY`)" }),
  buf_size: bufSize,
  socket_options: tcpSocketOptions,
  reconnect,
});

export interface TcpServerConfig {
  url: HostPort;
  tls: ServerTls | null;
  backlog: number;
  bufSize: number;
  socket: TcpSocketOptions;
  maxQueuedBytes: number | null;
}

export interface TcpClientConfig {
  url: HostPort;
  tls: ClientTls | null;
  bufSize: number;
  socket: TcpSocketOptions;
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
    const socket = tcpOptions(owner('tcp_server'), c.socket_options, 'server');
    return { url: c.url, tls: c.tls ?? null, backlog: c.backlog, bufSize: c.buf_size, socket, maxQueuedBytes: c.max_queued_bytes };
  },
  create(ctx, config): ListeningInstance {
    const { url, socket } = config;
    const tls = config.tls;
    return new SessionServer(ctx, {
      type: 'tcp_server',
      listener: socketListener(
        { host: url.host, port: url.port, backlog: config.backlog, reusePort: socket.reusePort },
        { setup: (s) => s.setNoDelay(socket.noDelay), tls: tls ? () => serverTlsOptions(tls) : undefined },
      ),
      peer: ({ host, port }) => ({ value: { host, port }, key: `${hostString(host)}:${port}`, origin: { scheme: 'tremor-tcp-server', host, port, path: [] } }),
      meta: (peer) => ({ tcp_server: { tls: tls !== null, peer: { ...(peer as Rec) } } }),
      routeKey: (meta) => peerKey(meta, 'tcp_server'),
      maxQueuedBytes: config.maxQueuedBytes,
      readSize: config.bufSize,
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
    const socket = tcpOptions(owner('tcp_client'), c.socket_options, 'client', c.no_delay);
    return { url: c.url, tls: c.tls ?? null, bufSize: c.buf_size, socket, reconnect: c.reconnect };
  },
  create(ctx, config) {
    const { host, port } = config.url;
    const { tls, socket } = config;
    return sessionClient(ctx, {
      dial: socketDialler({ host, port }, (s) => s.setNoDelay(socket.noDelay), tls ? () => clientTlsOptions(tls, host) : undefined),
      target: `${hostString(host)}:${port}`,
      reconnect: reconnectOf(ctx, 'tcp_client', config.reconnect),
      meta: () => ({ tcp_client: { tls: tls !== null, peer: { host, port } } }),
      origin: { scheme: 'tremor-tcp-client', host, port, path: [] },
      readSize: config.bufSize,
    });
  },
};
