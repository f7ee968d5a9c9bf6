/**
 * Tremor's `host:port` urls as a configuration field: an optional `scheme://` prefix and
 * path are ignored, IPv6 hosts are bracketed (`[::1]:4242`), and the port may default.
 */
import { isIP } from 'node:net';
import { ConfigError, field, type Field, type FieldInfo, type Presence } from '../../runtime/schema.js';
import { stringify } from '../../runtime/json.js';

export interface HostPort {
  host: string;
  port: number;
}

/** `[v6]` for an IPv6 host, so that `host:port` stays readable */
export const hostString = (h: string): string => (h.includes(':') ? `[${h}]` : h);

export interface HostPortOptions extends FieldInfo {
  /** the port when the url has none; without it the port is required */
  defaultPort?: number;
  /** port 0 (an ephemeral port) makes no sense for a client */
  nonZero?: boolean;
}

/** `host:port`, `scheme://host:port[/…]` or `[::1]:port` */
export function hostPort<const O extends HostPortOptions>(opt: O = {} as O): Field<HostPort> & Presence<O> {
  return field(
    '"host:port"',
    (v, where) => {
      const bad = (why: string) => new ConfigError(`\`${where}\` ${why}, not ${stringify(v)}`, 'invalid', where);
      if (typeof v !== 'string' || v === '') throw bad('must be a "host:port" string');
      const rest = v.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
      const m = /^(?:\[([^\]]+)\]|([^:[\]]*))(?::(\d+))?$/.exec(rest);
      if (!m) throw bad('must be a "host:port" string');
      const host = m[1] ?? m[2];
      if (m[1] !== undefined && isIP(m[1]) !== 6) throw bad('has an invalid IPv6 address');
      if (host === '') throw bad('needs a host');
      if (m[3] === undefined && opt.defaultPort === undefined) throw bad('needs a port');
      const port = m[3] === undefined ? (opt.defaultPort as number) : Number(m[3]);
      if (port > 65535) throw bad('has a port out of range');
      if (port === 0 && opt.nonZero) throw bad('needs a port other than 0');
      return { host, port };
    },
    opt,
  );
}
