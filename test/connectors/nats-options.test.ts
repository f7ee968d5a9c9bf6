/**
 * The nats connector's `options` against servers that ask for them: token and user/password
 * authentication, a credentials file, TLS with a client certificate, `echo`, the connection
 * `name` (read back from the server's monitoring endpoint, which also shows that a connector
 * whose source nobody reads does not subscribe), and how they map to the client's options.
 */
import t, { type Test } from 'tap';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { lazyModule } from '../../src/base/lazy-module.js';
import { natsConnector } from '../../src/connectors/nats.js';
import { connectOptions } from '../../src/connectors/nats/connect-options.js';
import { newEvent } from '../../src/runtime/event.js';
import type { Value } from '../../src/runtime/value.js';
import { settle } from '../until.js';
import { selfSigned } from './certs.js';
import { fakeContext } from './fake-context.js';
import { nats, natsServer } from './nats-server.js';
import { collect, until } from './wait.js';

const transport = lazyModule<typeof import('@nats-io/transport-node')>('@nats-io/transport-node')();

const send = (sink: Writable, data: Value) => sink.write({ port: 'in', event: newEvent(data, 0) });

function tempDir(t: Test): string {
  const dir = mkdtempSync(join(tmpdir(), 'nats-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('options map to the client: precedence of credentials, TLS implied by certificates, echo, reconnects', async (t) => {
  const dir = tempDir(t);
  const creds = join(dir, 'user.creds');
  writeFileSync(creds, '-----BEGIN NATS USER JWT-----\nx\n------END NATS USER JWT------\n');
  const hosts = [
    { host: '127.0.0.1', port: 4222 },
    { host: '::1', port: 4223 },
  ];
  const none = { kind: 'none' } as const;
  const read = (options: Value) => natsConnector.validate({ hosts: ['h:1'], subject: 's', options }).options;
  t.same(connectOptions(transport, hosts, undefined, none), { servers: ['127.0.0.1:4222', '[::1]:4223'], noEcho: true, maxReconnectAttempts: 60, waitOnFirstConnect: false });
  const all = read({
    token: 't',
    username: 'u',
    password: 'p',
    credentials_path: creds,
    cert_path: 'c.pem',
    key_path: 'k.pem',
    name: 'n',
    echo: true,
    max_reconnects: 3,
    reconnect_buffer_size: 1024,
    tls: false,
    root_cert: 'ca.pem',
  });
  const o = connectOptions(transport, hosts, all, { kind: 'retry', intervalMs: 250, growthRate: 2, maxRetries: 5, randomized: false });
  t.match(o, { noEcho: false, maxReconnectAttempts: 3, reconnectTimeWait: 250, name: 'n', tls: { caFile: 'ca.pem', certFile: 'c.pem', keyFile: 'k.pem' } });
  t.type(o.authenticator, 'function', 'the credentials file wins');
  t.same([o.user, o.pass, o.token], [undefined, undefined, undefined]);
  t.match(connectOptions(transport, hosts, read({ token: 't', username: 'u', password: 'p' }), none), { user: 'u', pass: 'p', token: undefined }, 'user and password win over a token');
  t.match(connectOptions(transport, hosts, read({ token: 't', tls: true }), none), { token: 't', tls: {} });
  t.throws(() => connectOptions(transport, hosts, read({ credentials_path: join(dir, 'missing.creds') }), none), /ENOENT/);
});

t.test('token and user/password authentication; echo', async (t) => {
  const s = await natsServer(t, { args: ['--auth', 'sesame'] });
  await t.rejects(nats(t, fakeContext({ alias: 'anon' }), { hosts: [s.host], subject: 'x' }).start!(), { message: /cannot connect to .*: .*[Aa]uthorization/ });
  // echo: true, so a connector reads back what it publishes on its own subscription
  const self = nats(t, fakeContext({ alias: 'self' }), { hosts: [s.host], subject: 'x', options: { token: 'sesame', echo: true } });
  const got = collect(self.source!);
  await self.start!();
  send(self.sink!, 'mine');
  await until(t, 'its own publication', () => got.length === 1);
  t.equal(got[0].event.data, 'mine');

  const u = await natsServer(t, { args: ['--user', 'ann', '--pass', 'secret'] });
  const config = { hosts: [u.host], subject: 'y', options: { username: 'ann', password: 'secret' } };
  const quiet = nats(t, fakeContext({ alias: 'quiet' }), config);
  const own = collect(quiet.source!);
  await quiet.start!();
  const other = nats(t, fakeContext({ alias: 'other' }), config);
  const theirs = collect(other.source!);
  await other.start!();
  send(quiet.sink!, 'not for me');
  // the sink's end makes a round trip: an echo would have arrived before its answer
  quiet.sink!.end();
  await once(quiet.sink!, 'finish');
  await until(t, 'the other connector got it', () => theirs.length === 1);
  await settle();
  t.same(own, [], 'echo false (the default): a connector does not read back its own publications');
});

t.test('a credentials file that cannot be read fails the start, naming it', async (t) => {
  const s = await natsServer(t);
  const creds = join(tempDir(t), 'nobody.creds');
  const inst = nats(t, fakeContext({ alias: 'c' }), { hosts: [s.host], subject: 'x', options: { credentials_path: creds } });
  await t.rejects(inst.start!(), { message: new RegExp(`cannot connect to ${s.host}: ENOENT.*nobody\\.creds`) });
});

t.test('TLS with a client certificate the server verifies', async (t) => {
  const certs = selfSigned(t);
  if (!certs) return;
  const s = await natsServer(t, { args: ['--tlsverify', '--tlscert', certs.cert, '--tlskey', certs.key, '--tlscacert', certs.cert] });
  const options = { tls: true, root_cert: certs.cert, cert_path: certs.cert, key_path: certs.key };
  const sub = nats(t, fakeContext({ alias: 'sub' }), { hosts: [s.host], subject: 'secure', options });
  const got = collect(sub.source!);
  await sub.start!();
  const pub = nats(t, fakeContext({ alias: 'pub' }), { hosts: [s.host], subject: 'secure', options });
  await pub.start!();
  send(pub.sink!, { over: 'tls' });
  await until(t, 'through TLS', () => got.length === 1);
  t.same(got[0].event.data, { over: 'tls' });
  // without `root_cert` the server's (self-signed) certificate is not trusted
  await t.rejects(nats(t, fakeContext({ alias: 'untrusting' }), { hosts: [s.host], subject: 'secure', options: { tls: true } }).start!(), { message: /cannot connect to .*: self-signed certificate/ });
});

t.test('the connection name is what the server shows; a connector whose source nobody reads does not subscribe', async (t) => {
  const s = await natsServer(t, { monitor: true });
  const reader = nats(t, fakeContext({ alias: 'r' }), { hosts: [s.host], subject: 'jobs', queue: 'g', options: { name: 'reader' } });
  collect(reader.source!);
  await reader.start!();
  const writer = nats(t, fakeContext({ alias: 'w' }), { hosts: [s.host], subject: 'jobs', options: { name: 'writer' } });
  await writer.start!();
  const conns = async () => {
    const res = await fetch(`http://127.0.0.1:${s.monitor}/connz?subs=1`);
    return ((await res.json()) as { connections: { name?: string; subscriptions_list?: string[] }[] }).connections;
  };
  // both have connected (and the reader subscribed) with a round trip: the server knows them
  const byName = Object.fromEntries((await conns()).map((c) => [c.name, c.subscriptions_list ?? []]));
  t.same(byName, { reader: ['jobs'], writer: [] });
});
