/**
 * TLS for the socket and http connectors, as Tremor's `connectors/utils/tls.rs`: the `tls`
 * configuration field of clients and servers, and the node:tls options it stands for.
 *
 * Client (`tls` on tcp_client, ws_client, http_client): `false` or absent is plain, `true` is
 * TLS with the system's root certificates, verifying the server against the url's host, and
 * a record takes
 *   cafile  a PEM file of CA certificates: when given, only these are trusted
 *   domain  the name the server's certificate must carry (default: the url's host); also sent
 *           as SNI unless it is an IP address (RFC 6066 forbids that)
 *   cert, key  a client certificate (chain) and its private key, PEM; used only when both are
 *           given, as Tremor does
 * Server (`tls` on tcp_server, ws_server, http_server): `{"cert", "key"}`, both required. No
 * client authentication, as Tremor.
 *
 * The files are read when the connector starts (Tremor reads them when it builds the
 * connector); a file that holds no certificate or no private key fails the start with
 * Tremor's messages ("No valid TLS certificates found in <path>", "No valid private keys (RSA
 * or PKCS8) found in <path>"). Paths are relative to the working directory.
 */
import { readFileSync } from 'node:fs';
import { checkServerIdentity, type ConnectionOptions, type TlsOptions } from 'node:tls';
import { isIP } from 'node:net';
import { messageOf } from '../../base/message-of.js';
import { field, schema, str } from '../../runtime/schema.js';
import { invalid, path } from '../config-fields.js';

export interface ClientTls {
  cafile?: string;
  domain?: string;
  cert?: string;
  key?: string;
}

export interface ServerTls {
  cert: string;
  key: string;
}

const CLIENT = schema({
  cafile: path({ doc: 'a PEM file of CA certificates: only these are trusted (default: the system roots)' }),
  domain: str({ doc: "the name the server's certificate must carry (default: the url's host)" }),
  cert: path({ doc: 'a PEM client certificate (chain), used together with `key`' }),
  key: path({ doc: "the client certificate's PEM private key (PKCS8 or RSA)" }),
});

const SERVER = schema({
  cert: path({ required: true, doc: "a PEM file with the server's certificate (chain)" }),
  key: path({ required: true, doc: "a PEM file with the certificate's private key (PKCS8 or RSA)" }),
});

/** a client's `tls`: `true`, `false` or `{cafile, domain, cert, key}`; null is plain */
export const tlsClient = field<ClientTls | null>(
  'bool | {cafile, domain, cert, key}',
  (v, where) => {
    if (v === null || v === false) return null;
    if (v === true) return {};
    return CLIENT.field().read(v, where) as ClientTls;
  },
  { doc: 'TLS: true (system roots), or {"cafile", "domain", "cert", "key"}' },
);

/** a server's `tls`: `{cert, key}`; null is plain */
export const tlsServer = field<ServerTls | null>(
  '{cert, key}',
  (v, where) => {
    if (v === null || v === false) return null;
    if (v === true) return invalid(where, 'a record {"cert": …, "key": …} (a server needs its certificate)', v);
    return SERVER.field().read(v, where) as ServerTls;
  },
  { doc: 'TLS with {"cert", "key"}: PEM file paths' },
);

const CERT = /-----BEGIN CERTIFICATE-----\r?\n[\s\S]*?-----END CERTIFICATE-----/g;
const KEY = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----\r?\n[\s\S]*?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

function read(file: string): string {
  try {
    return readFileSync(file, 'latin1');
  } catch (e) {
    throw new Error(`Cannot read ${file}: ${messageOf(e)}`);
  }
}

/** the certificates of a PEM file, as Tremor's `load_certs` */
export function loadCerts(file: string): string {
  const certs = read(file).match(CERT);
  if (!certs) throw new Error(`No valid TLS certificates found in ${file}`);
  return certs.join('\n');
}

/** the first private key of a PEM file, as Tremor's `load_keys` */
export function loadKey(file: string): string {
  const key = KEY.exec(read(file));
  if (!key) throw new Error(`No valid private keys (RSA or PKCS8) found in ${file}`);
  return key[0];
}

/** node:tls server options (tls.createServer, https.createServer) */
export function serverTlsOptions(t: ServerTls): TlsOptions {
  return { cert: loadCerts(t.cert), key: loadKey(t.key) };
}

/**
 * node:tls client options for a connection to `host` (tls.connect, ws, undici's `connect`):
 * the trusted CAs, the name the certificate is checked against, SNI, the client certificate.
 * Without a `host` (http_client: each request has its own) and without `domain`, the name
 * checked is the one connected to, Node's default.
 */
export function clientTlsOptions(t: ClientTls, host?: string): ConnectionOptions {
  const domain = t.domain ?? host?.replace(/^\[|\]$/g, '');
  const opts: ConnectionOptions = {};
  if (domain !== undefined) {
    opts.checkServerIdentity = (_host, cert) => checkServerIdentity(domain, cert);
    // an IP address is not a valid SNI name; the certificate is still checked against it
    if (!isIP(domain)) opts.servername = domain;
  }
  if (t.cafile !== undefined) opts.ca = loadCerts(t.cafile);
  if (t.cert !== undefined && t.key !== undefined) {
    opts.cert = loadCerts(t.cert);
    opts.key = loadKey(t.key);
  }
  return opts;
}
