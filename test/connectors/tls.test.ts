import t, { type Test } from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { ConfigError, type ConnectorInstance, type ConnectorType } from '../../src/connectors/connector.js';
import { clientTlsOptions, loadCerts, loadKey, serverTlsOptions } from '../../src/connectors/net/tls.js';
import { tcpClient, tcpServer, type ListeningInstance } from '../../src/connectors/tcp.js';
import { wsClient, wsServer } from '../../src/connectors/ws.js';
import { httpClient } from '../../src/connectors/http-client.js';
import { httpServer } from '../../src/connectors/http-server.js';
import { newEvent } from '../../src/runtime/event.js';
import { stringify } from '../../src/runtime/json.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { selfSigned } from './certs.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { collect, until } from './wait.js';

const lines = { codec: 'string', pre: ['separate'], post: ['separate'] };

function create<I extends ConnectorInstance>(t: Test, type: ConnectorType<any>, ctx: FakeContext, config: Value): I {
  const inst = type.create(ctx, type.validate(config)) as I;
  t.teardown(() => {
    inst.source?.destroy();
    inst.sink?.destroy();
  });
  return inst;
}

const send = (sink: Writable, data: Value, meta: Rec = {}) => sink.write({ port: 'in', event: newEvent(data, 0, 0, meta) });

t.test('configuration: tls for clients and servers', async (t) => {
  t.same(tcpClient.validate({ url: 'a:1', tls: true }).tls, {}, 'true: the defaults');
  t.equal(tcpClient.validate({ url: 'a:1', tls: false }).tls, null, 'false: plain');
  t.same(tcpClient.validate({ url: 'a:1', tls: { cafile: 'ca.pem', domain: 'example.com', cert: 'c.pem', key: 'k.pem' } }).tls, { cafile: 'ca.pem', domain: 'example.com', cert: 'c.pem', key: 'k.pem' });
  t.same(tcpServer.validate({ url: 'a:1', tls: { cert: 'c.pem', key: 'k.pem' } }).tls, { cert: 'c.pem', key: 'k.pem' });
  t.throws(
    () => tcpClient.validate({ url: 'a:1', tls: { ca: 'x' } }),
    new ConfigError('Invalid configuration for a tcp_client connector: Unknown configuration key `tls.ca` for `tls`; known keys: cafile, domain, cert, key', 'unknown', 'tls.ca'),
  );
  t.throws(() => tcpServer.validate({ url: 'a:1', tls: { cert: 'c.pem' } }), /Missing configuration key `tls.key`/);
  t.throws(() => tcpServer.validate({ url: 'a:1', tls: true }), /`tls` must be a record \{"cert": …, "key": …\}/);
  t.throws(() => wsClient.validate({ url: 'ws://a:1', tls: 'yes' }), /`tls`/);
  t.throws(() => httpClient.validate({ tls: { cafile: '' } }), /`tls.cafile` must be a non-empty string/);
});

t.test("PEM files: certificates and PKCS8 or RSA keys, with Tremor's messages", async (t) => {
  const c = selfSigned(t);
  if (!c) return;
  t.match(loadCerts(c.cert), /^-----BEGIN CERTIFICATE-----/);
  t.match(loadKey(c.key), /^-----BEGIN PRIVATE KEY-----/);
  t.match(loadKey(c.rsaKey), /^-----BEGIN RSA PRIVATE KEY-----/);
  const junk = join(c.dir, 'junk.pem');
  writeFileSync(junk, 'Brueghelflinsch\n');
  t.throws(() => loadCerts(junk), { message: `No valid TLS certificates found in ${junk}` });
  t.throws(() => loadKey(junk), { message: `No valid private keys (RSA or PKCS8) found in ${junk}` });
  t.throws(() => loadCerts(join(c.dir, 'missing.pem')), /^Cannot read .*missing\.pem: .*ENOENT/);
  t.same(Object.keys(serverTlsOptions({ cert: c.cert, key: c.key })), ['cert', 'key']);
  // a client certificate is used only with its key, as in Tremor
  t.notOk(clientTlsOptions({ cert: c.cert }, 'localhost').cert);
  const both = clientTlsOptions({ cafile: c.cert, cert: c.cert, key: c.key }, '127.0.0.1');
  t.ok(both.cert && both.key && both.ca);
  t.equal(both.servername, undefined, 'no SNI for an IP address');
  t.equal(clientTlsOptions({ domain: 'localhost' }, '127.0.0.1').servername, 'localhost', '`domain` is the SNI name');
});

async function tlsPair(t: Test, clientTls: Value) {
  const c = selfSigned(t)!;
  const sctx = fakeContext({ ...lines, alias: 'srv' });
  const srv = create<ListeningInstance>(t, tcpServer, sctx, { url: '127.0.0.1:0', tls: { cert: c.cert, key: c.key } });
  await srv.start!();
  const cctx = fakeContext({ ...lines, alias: 'cli' });
  const cli = create<ConnectorInstance>(t, tcpClient, cctx, { url: `127.0.0.1:${srv.port}`, tls: clientTls });
  return { c, srv, cli, sctx, cctx };
}

t.test('tcp: a TLS server and a client trusting its certificate (cafile, domain)', async (t) => {
  const c = selfSigned(t);
  if (!c) return;
  const srv = create<ListeningInstance>(t, tcpServer, fakeContext({ ...lines, alias: 'srv' }), { url: '127.0.0.1:0', tls: { cert: c.cert, key: c.key } });
  await srv.start!();
  const fromClients = collect(srv.source!);
  const cli = create<ConnectorInstance>(t, tcpClient, fakeContext({ ...lines, alias: 'cli' }), { url: `127.0.0.1:${srv.port}`, tls: { cafile: c.cert, domain: 'localhost' } });
  await cli.start!();
  const answers = collect(cli.source!);
  send(cli.sink!, 'hello');
  await until(t, 'the server got it', () => fromClients.length === 1);
  const got = fromClients[0].event;
  t.equal(got.data, 'hello');
  t.match(got.meta, { tcp_server: { tls: true, peer: { host: '127.0.0.1', port: Number } } });
  send(srv.sink!, 'back', got.meta);
  await until(t, 'the client got the answer', () => answers.length === 1);
  t.equal(answers[0].event.data, 'back');
  t.same(answers[0].event.meta, { tcp_client: { tls: true, peer: { host: '127.0.0.1', port: srv.port } } });
});

t.test('tcp: the client verifies the server', async (t) => {
  if (!selfSigned(t)) return;
  // `true`: the system's roots, which do not know a self-signed certificate
  const roots = await tlsPair(t, true);
  await t.rejects(roots.cli.start!(), { message: /^The main::cli connector cannot connect to 127\.0\.0\.1:\d+: .*self[- ]signed/ });
  // the right CA but another name
  const named = await tlsPair(t, null);
  const wrong = create<ConnectorInstance>(t, tcpClient, fakeContext({ ...lines, alias: 'cli' }), { url: `127.0.0.1:${named.srv.port}`, tls: { cafile: named.c.cert, domain: 'example.com' } });
  await t.rejects(wrong.start!(), { message: /cannot connect to .*example\.com/ });
  // a plain client at a TLS server: the handshake fails and is reported by the server
  const plain = create<ConnectorInstance>(t, tcpClient, fakeContext({ ...lines, alias: 'cli' }), { url: `127.0.0.1:${named.srv.port}` });
  await plain.start!();
  send(plain.sink!, 'not tls');
  await until(t, 'the server reports the failed handshake', () => named.sctx.reports.some((r) => /TLS handshake with 127\.0\.0\.1:\d+ failed/.test(r)));
});

t.test('tcp: a server whose files hold no certificate or key fails to start', async (t) => {
  const c = selfSigned(t);
  if (!c) return;
  const junk = join(c.dir, 'junk.pem');
  writeFileSync(junk, 'nothing here\n');
  const noCert = create<ListeningInstance>(t, tcpServer, fakeContext({ ...lines, alias: 'srv' }), { url: '127.0.0.1:0', tls: { cert: junk, key: c.key } });
  await t.rejects(noCert.start!(), { message: `The main::srv connector cannot listen on 127.0.0.1:0: No valid TLS certificates found in ${junk}` });
  const noKey = create<ListeningInstance>(t, tcpServer, fakeContext({ ...lines, alias: 'srv' }), { url: '127.0.0.1:0', tls: { cert: c.cert, key: junk } });
  await t.rejects(noKey.start!(), { message: /No valid private keys \(RSA or PKCS8\) found in .*junk\.pem$/ });
  // an RSA ("traditional") key works as well as PKCS8
  const rsa = create<ListeningInstance>(t, tcpServer, fakeContext({ ...lines, alias: 'srv' }), { url: '127.0.0.1:0', tls: { cert: c.cert, key: c.rsaKey } });
  await rsa.start!();
  t.ok(rsa.port > 0);
});

t.test('ws: wss with a TLS server and a client given the CA', async (t) => {
  const c = selfSigned(t);
  if (!c) return;
  const srv = create<ListeningInstance>(t, wsServer, fakeContext({ codec: 'string', alias: 'srv' }), { url: '127.0.0.1:0', tls: { cert: c.cert, key: c.key } });
  await srv.start!();
  const fromClients = collect(srv.source!);
  // `tls` makes the connection TLS, as in Tremor, whatever the scheme says
  const cli = create<ConnectorInstance>(t, wsClient, fakeContext({ codec: 'string', alias: 'cli' }), { url: `ws://127.0.0.1:${srv.port}/`, tls: { cafile: c.cert } });
  await cli.start!();
  const answers = collect(cli.source!);
  send(cli.sink!, 'hi');
  await until(t, 'the server got it', () => fromClients.length === 1);
  t.match(fromClients[0].event.meta, { ws_server: { tls: true } });
  send(srv.sink!, 'ho', fromClients[0].event.meta);
  await until(t, 'answered', () => answers.length === 1);
  t.equal(answers[0].event.data, 'ho');
  t.match(answers[0].event.meta, { ws_client: { tls: true, peer: { host: '127.0.0.1', port: srv.port } } });
  // without the CA the system roots are used: refused
  const untrusting = create<ConnectorInstance>(t, wsClient, fakeContext({ codec: 'string', alias: 'cli' }), { url: `wss://127.0.0.1:${srv.port}/` });
  await t.rejects(untrusting.start!(), { message: /self[- ]signed/ });
});

t.test('http: https server and a client given the CA', async (t) => {
  const c = selfSigned(t);
  if (!c) return;
  const srv = create<ListeningInstance>(t, httpServer, fakeContext({ codec: 'string', alias: 'srv' }), { url: 'https://127.0.0.1:0', tls: { cert: c.cert, key: c.key } });
  await srv.start!();
  const requests = collect(srv.source!);
  const cli = create<ConnectorInstance>(t, httpClient, fakeContext({ codec: 'string', alias: 'cli' }), { url: `https://localhost:${srv.port}/x`, tls: { cafile: c.cert } });
  await cli.start?.();
  const responses = collect(cli.source!);
  send(cli.sink!, 'ping');
  await until(t, 'the request arrived', () => requests.length === 1);
  t.equal(requests[0].event.data, 'ping');
  send(srv.sink!, 'pong', requests[0].event.meta);
  await until(t, 'the response', () => responses.length === 1);
  t.equal(responses[0].port, 'out', stringify(responses[0].event.data));
  t.equal(responses[0].event.data, 'pong');
});
