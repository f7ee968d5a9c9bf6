/**
 * `socket_options` (Tremor 0.13's `connectors/utils/socket.rs`, upper-case keys) for the tcp,
 * ws and udp connectors, and what Node can do with each.
 *
 * TCP (tcp_client, tcp_server, ws_client, ws_server):
 *   SO_REUSEPORT (false)  servers: several listeners on one address, the connections spread
 *                         among them. Node only sets it from 22.12 (`reusePort`); on older
 *                         Node, servers of this process share one listener instead
 *                         (shared-port.ts), and a port held by another process stays taken.
 *   SO_REUSEADDR (true)   servers: libuv sets it on every listening TCP socket and cannot
 *                         leave it off, so `false` is rejected on servers.
 *   TCP_NODELAY  (true)   Nagle's algorithm off; Tremor 0.12's `no_delay` (clients) is the
 *                         same switch and stays accepted.
 * A client binds no fixed local port, so SO_REUSEPORT and SO_REUSEADDR change nothing there
 * (as in Tremor, which sets them on a socket it only connects); they are accepted.
 *
 * UDP (udp_client, udp_server): SO_REUSEPORT (false), SO_REUSEADDR (true). Node's `reuseAddr`
 * is SO_REUSEADDR on Linux, which lets several UDP sockets bind one port as SO_REUSEPORT
 * does (the last one bound receives, rather than a spread by sender): on Node without
 * `reusePort`, SO_REUSEPORT is carried by it.
 */
import { bool, ConfigError, schema, type Config } from '../../runtime/schema.js';

/** Node ≥ 22.12 (and ≥ 23.1) sets SO_REUSEPORT for `reusePort` on net and dgram sockets */
export function nodeHasReusePort(version = process.versions.node): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

const TCP = schema({
  SO_REUSEPORT: bool({ default: false, doc: 'servers: share the address with other listeners' }),
  SO_REUSEADDR: bool({ default: true, doc: 'servers: bind while old connections linger (always on for Node TCP servers)' }),
  TCP_NODELAY: bool({ doc: "disable Nagle's algorithm (default true; clients: `no_delay`)" }),
});

const UDP = schema({
  SO_REUSEPORT: bool({ default: false, doc: 'share the port with other sockets' }),
  SO_REUSEADDR: bool({ default: true, doc: 'bind an address other sockets use too' }),
});

export interface TcpSocketOptions {
  reusePort: boolean;
  noDelay: boolean;
}

export interface UdpSocketOptions {
  reusePort: boolean;
  reuseAddr: boolean;
}

type TcpRaw = Config<typeof TCP.fields>;

export const tcpSocketOptions = TCP.field({ doc: 'SO_REUSEPORT (false), SO_REUSEADDR (true), TCP_NODELAY (true)' });
export const udpSocketOptions = UDP.field({ doc: 'SO_REUSEPORT (false), SO_REUSEADDR (true)' });

/**
 * A TCP socket's options from `socket_options` (absent: Tremor's defaults) and, for clients,
 * Tremor 0.12's `no_delay`: given both, they must agree.
 */
export function tcpOptions(owner: string, raw: TcpRaw | undefined, role: 'server' | 'client', noDelay?: boolean): TcpSocketOptions {
  const o = raw ?? { SO_REUSEPORT: false, SO_REUSEADDR: true };
  const fail = (key: string, why: string) => new ConfigError(`Invalid configuration for ${owner}: \`${key}\` ${why}`, 'invalid', key);
  if (role === 'server' && !o.SO_REUSEADDR) throw fail('socket_options.SO_REUSEADDR', 'cannot be false: Node (libuv) always sets SO_REUSEADDR on listening TCP sockets');
  if (o.TCP_NODELAY !== undefined && noDelay !== undefined && o.TCP_NODELAY !== noDelay) {
    throw fail('socket_options.TCP_NODELAY', 'disagrees with `no_delay`; give one of them (TCP_NODELAY is the 0.13 spelling)');
  }
  return { reusePort: o.SO_REUSEPORT, noDelay: o.TCP_NODELAY ?? noDelay ?? true };
}

export function udpOptions(raw: Config<typeof UDP.fields> | undefined): UdpSocketOptions {
  return raw ? { reusePort: raw.SO_REUSEPORT, reuseAddr: raw.SO_REUSEADDR } : { reusePort: false, reuseAddr: true };
}

/** node:dgram createSocket options for these socket options */
export function dgramOptions(o: UdpSocketOptions): { reuseAddr: boolean; reusePort?: boolean } {
  if (nodeHasReusePort()) return { reuseAddr: o.reuseAddr, reusePort: o.reusePort };
  return { reuseAddr: o.reuseAddr || o.reusePort };
}
