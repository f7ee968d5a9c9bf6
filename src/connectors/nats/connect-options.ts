/**
 * The `options` record of the nats connector (Tremor 0.11's `ConnectOptions`) and how it
 * becomes the connect options of the official client (`@nats-io/transport-node`).
 *
 * Where the two clients differ, the mapping says why:
 * - authentication: Tremor's order of precedence is kept (a `credentials_path` wins over
 *   `username` + `password`, which win over `token`); only the winner is given to the client.
 *   `username` without `password` (or the reverse) and `cert_path` without `key_path` are
 *   configuration errors here (Tremor ignored the half it could not use).
 * - `echo`: false (the default) means the connection does not receive its own publications
 *   (the client's `noEcho`); Tremor 0.11 set `no_echo` when `echo` was *true*, the opposite of
 *   its documentation. A connector that subscribes and publishes on the same subject would
 *   otherwise read back everything it writes.
 * - TLS: `tls: true` requires TLS; a `root_cert` (a CA file), `cert_path` and `key_path` (a
 *   client certificate) imply it, as the client only uses them on a TLS connection.
 * - `max_reconnects`: the client's attempts per server after a lost connection (the Rust
 *   client's default, 60; 0: none). The wait between attempts is the connector's
 *   `with reconnect` `interval_ms`, else the client's 2 s.
 * - `reconnect_buffer_size`: the Rust client buffered this many bytes of publications while
 *   disconnected. The Node client drops what is published while disconnected, so the sink
 *   does not publish then (it waits for the reconnection, see publisher.ts); the key bounds
 *   instead the bytes published between two round trips to the server (a `flush`), which is
 *   what a connection lost unnoticed can take with it, and the memory the client holds.
 */
import { readFileSync } from 'node:fs';
import type { NodeConnectionOptions } from '@nats-io/transport-node';
import { bool, ConfigError, int, schema, str, type Config } from '../../runtime/schema.js';
import { optional, path } from '../config-fields.js';
import { hostString, type HostPort } from '../net/host-port.js';
import type { Reconnect } from '../net/backoff.js';

type Nats = typeof import('@nats-io/transport-node');

const OPTIONS = schema({
  token: optional(str({ doc: 'authenticate with this token' })),
  username: optional(str({ doc: 'authenticate as this user (with `password`)' })),
  password: optional(str({ doc: "the user's password" })),
  credentials_path: optional(path({ what: 'a .creds file', doc: 'authenticate with this credentials (.creds) file' })),
  cert_path: optional(path({ what: 'a PEM file', doc: 'a client certificate, PEM (with `key_path`; implies TLS)' })),
  key_path: optional(path({ what: 'a PEM file', doc: "the client certificate's private key, PEM" })),
  name: optional(str({ doc: 'the connection name the server shows' })),
  echo: bool({ default: false, doc: 'receive our own publications (false: the client does not)' }),
  max_reconnects: optional(int({ min: 0, max: 1 << 30, doc: 'reconnect attempts per server after a lost connection (default 60)' })),
  reconnect_buffer_size: optional(int({ min: 1, doc: 'the most bytes published between two round trips to the server (default 8 MiB)' })),
  tls: bool({ default: false, doc: 'require TLS' }),
  root_cert: optional(path({ what: 'a PEM file', doc: 'trust this CA certificate (implies TLS)' })),
});

/** the `options` key of the connector's configuration */
export const natsOptions = OPTIONS.field({
  doc: 'token, username, password, credentials_path, cert_path, key_path, name, echo (false), max_reconnects (60), reconnect_buffer_size (8 MiB), tls (false), root_cert',
});

export type NatsOptions = Config<typeof OPTIONS.fields>;

export const DEFAULT_MAX_RECONNECTS = 60;
export const DEFAULT_RECONNECT_BUFFER_SIZE = 8 * 1024 * 1024;

/** the pairs that only make sense together; throws a ConfigError naming the missing half */
export function checkOptions(o: NatsOptions | undefined): void {
  const pair = (a: keyof NatsOptions, b: keyof NatsOptions) => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ]) {
      if (o?.[x] !== undefined && o[y] === undefined) throw new ConfigError(`\`options.${x}\` needs \`options.${y}\``, 'missing', `options.${y}`);
    }
  };
  pair('username', 'password');
  pair('cert_path', 'key_path');
}

/** the client's connect options; reads the credentials file (throws when it cannot) */
export function connectOptions(nats: Nats, hosts: HostPort[], o: NatsOptions | undefined, reconnect: Reconnect): NodeConnectionOptions {
  const opts: NodeConnectionOptions = {
    servers: hosts.map((h) => `${hostString(h.host)}:${h.port}`),
    noEcho: !(o?.echo ?? false),
    maxReconnectAttempts: o?.max_reconnects ?? DEFAULT_MAX_RECONNECTS,
    // a connector's first connection is ours to retry (link.ts), with its `reconnect` strategy
    waitOnFirstConnect: false,
  };
  if (reconnect.kind === 'retry') opts.reconnectTimeWait = reconnect.intervalMs;
  if (o?.name !== undefined) opts.name = o.name;
  if (o?.credentials_path !== undefined) opts.authenticator = nats.credsAuthenticator(readFileSync(o.credentials_path));
  else if (o?.username !== undefined && o.password !== undefined) Object.assign(opts, { user: o.username, pass: o.password });
  else if (o?.token !== undefined) opts.token = o.token;
  if (o?.tls || o?.root_cert !== undefined || o?.cert_path !== undefined) {
    opts.tls = {};
    if (o.root_cert !== undefined) opts.tls.caFile = o.root_cert;
    if (o.cert_path !== undefined && o.key_path !== undefined) Object.assign(opts.tls, { certFile: o.cert_path, keyFile: o.key_path });
  }
  return opts;
}
