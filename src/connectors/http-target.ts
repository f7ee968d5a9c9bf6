/**
 * The URL of a request, as an origin server reconstructs it (RFC 9112 §3.2, §3.3), for
 * http_server's `$http_server.request.url` and `.path`.
 *
 * The host is always the Host header's (or, when it is empty or absent, as HTTP/1.0 allows,
 * the listener's); the request target gives only the path and the query. Resolving the target
 * as a URL reference against the host — what `new URL(req.url, base)` does — would let a
 * client name another host: `//evil.example/admin` is a network-path reference there, but in
 * a request line it is an origin-form path whose first segment is empty. So the target is read
 * by its form:
 *
 *   origin-form     `/path?query`          the path and query, as they are (no fragment)
 *   absolute-form   `http://host/path?q`   what a client sends to a proxy; a server must
 *                                          accept it. RFC 9112 §3.2 makes the client send a
 *                                          Host identical to its authority, so a target
 *                                          naming another host, or carrying userinfo, is a
 *                                          400: the target never overrides the Host
 *   asterisk-form   `*` (OPTIONS only)      path `*`, the url is the origin alone
 *   anything else                          400 (authority-form is CONNECT's, which Node
 *                                          routes elsewhere)
 *
 * A Host header is `uri-host [":" port]` (RFC 9110 §7.2): a reg-name, an IPv4 address or a
 * bracketed IPv6 literal. One that is malformed, or several Host lines, is a 400 (RFC 9112
 * §3.2), never an exception later on.
 */
import { isIP } from 'node:net';
import { hostString } from './net/host-port.js';

export interface Target {
  /** the reconstructed URL (its path as the WHATWG parser normalises it) */
  url: string;
  path: string;
  /** the query without `?`; null when there is none (or it is empty) */
  query: string | null;
}

/** why a request is a 400 */
export interface BadTarget {
  bad: string;
}

export interface Listening {
  scheme: 'http' | 'https';
  /** the address listened on and the bound port: the authority when the Host header gives none */
  host: string;
  port: number;
}

/** reg-name characters (RFC 3986 §3.2.2: unreserved, sub-delims, pct-encoded) */
const REG_NAME = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$/;
const HOST_PORT = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d*))?$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** the authority of a Host header value, normalised (`EXAMPLE.com:80` → `example.com` for http), or null when it is malformed */
export function hostAuthority(value: string, scheme: 'http' | 'https'): string | null {
  const m = HOST_PORT.exec(value);
  if (!m) return null;
  const [, host, port] = m;
  if (host.startsWith('[') ? isIP(host.slice(1, -1)) !== 6 : !REG_NAME.test(host) || host === '') return null;
  try {
    // the WHATWG parser checks what is left: the port's range, forbidden host code points
    const url = new URL(`${scheme}://${host}${port ? `:${port}` : ''}/`);
    return url.host;
  } catch {
    return null;
  }
}

/**
 * The request's URL from its target, its Host header lines and where the server listens;
 * a `BadTarget` (answered with 400) when any of them is malformed.
 */
export function requestTarget(method: string, target: string, hosts: readonly string[] | undefined, at: Listening): Target | BadTarget {
  if (hosts !== undefined && hosts.length > 1) return { bad: 'A request has one Host header, not several' };
  const header = hosts?.[0]?.trim() ?? '';
  let authority = `${hostString(at.host)}:${at.port}`;
  if (header !== '') {
    const a = hostAuthority(header, at.scheme);
    if (a === null) return { bad: `The Host header ${JSON.stringify(header)} is not a host with an optional port` };
    authority = a;
  }
  const origin = new URL(`${at.scheme}://${authority}`);
  if (target === '*' && method === 'OPTIONS') return { url: origin.href, path: '*', query: null };
  let pathAndQuery: string;
  if (target.startsWith('/')) pathAndQuery = target;
  else if (SCHEME.test(target)) {
    const absolute = absoluteForm(target, header);
    if ('bad' in absolute) return absolute;
    pathAndQuery = absolute.pathAndQuery;
  } else return { bad: `The request target ${JSON.stringify(target)} is neither a path nor an http URL` };
  if (pathAndQuery.includes('#')) return { bad: 'A request target has no fragment (`#…`)' };
  const q = pathAndQuery.indexOf('?');
  // setting the parts keeps them parts: nothing in a path can change the host
  origin.pathname = q < 0 ? pathAndQuery : pathAndQuery.slice(0, q);
  origin.search = q < 0 ? '' : pathAndQuery.slice(q + 1);
  return { url: origin.href, path: origin.pathname, query: origin.search === '' ? null : origin.search.slice(1) };
}

/** an absolute-form target's path and query, when it names the Host (or there is none to name) */
function absoluteForm(target: string, header: string): { pathAndQuery: string } | BadTarget {
  let url: URL | null = null;
  try {
    // `http:host` and `http:\\host` are URLs to the WHATWG parser, not to RFC 9112
    if (/^https?:\/\//i.test(target)) url = new URL(target);
  } catch {
    url = null;
  }
  if (url === null) return { bad: `The request target ${JSON.stringify(target)} is not an http URL` };
  if (url.username !== '' || url.password !== '') return { bad: 'A request target carries no userinfo (`user@`)' };
  if (target.includes('#')) return { bad: 'A request target has no fragment (`#…`)' };
  if (header !== '' && hostAuthority(header, url.protocol === 'https:' ? 'https' : 'http') !== url.host) {
    return { bad: `The request target names ${JSON.stringify(url.host)}, the Host header ${JSON.stringify(header)}` };
  }
  return { pathAndQuery: url.pathname + url.search };
}
