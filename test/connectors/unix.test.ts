import t, { type Test } from 'tap';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { ConfigError, type ConnectorInstance, type ConnectorType } from '../../src/connectors/connector.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { unixSocketClient, unixSocketServer } from '../../src/connectors/unix.js';
import { deploy } from '../../src/app/deploy.js';
import type { ManualClock } from '../../src/base/clock.js';
import { newEvent } from '../../src/runtime/event.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { collect, until } from './wait.js';

const lines = { codec: 'string', pre: ['separate'], post: ['separate'] };

function tmpSocket(t: Test): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'tremor-unix-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 's.sock');
}

async function netClient(t: Test, path: string) {
  const socket = net.connect({ path });
  await once(socket, 'connect');
  t.teardown(() => void socket.destroy());
  const c = { socket, text: '', closed: false };
  socket.on('data', (d) => (c.text += d));
  socket.on('close', () => (c.closed = true));
  return c;
}

async function netServer(t: Test, path: string) {
  const s = { server: net.createServer(), text: '', sockets: [] as net.Socket[] };
  s.server.on('connection', (c) => {
    s.sockets.push(c);
    c.on('data', (d) => (s.text += d));
    c.on('error', () => {});
  });
  s.server.listen(path);
  await once(s.server, 'listening');
  t.teardown(() => {
    for (const c of s.sockets) c.destroy();
    s.server.close();
  });
  return s;
}

function create(t: Test, type: ConnectorType<any>, ctx: FakeContext, config: Value): ConnectorInstance {
  const inst = type.create(ctx, type.validate(config));
  t.teardown(() => {
    inst.source!.destroy();
    inst.sink!.destroy();
  });
  return inst;
}

const send = (sink: Writable, data: Value, meta: Rec = {}) => sink.write({ port: 'in', event: newEvent(data, 0, 0, meta) });

t.test('configuration', async (t) => {
  t.same(unixSocketServer.validate({ path: '/tmp/x.sock', permissions: '=600' }), { path: '/tmp/x.sock', permissions: 0o600, backlog: 128, bufSize: 8192, maxQueuedBytes: 8 * 1024 * 1024 });
  t.equal(unixSocketServer.validate({ path: 'x', permissions: '0660' }).permissions, 0o660);
  t.throws(() => unixSocketServer.validate({ path: 'x', permissions: 'u+rw' }), /must be an octal mode/);
  t.throws(() => unixSocketServer.validate({ path: '' }), /`path` must be a non-empty string/);
  t.throws(
    () => unixSocketServer.validate({ path: 'x', url: 'y' }),
    new ConfigError('Unknown configuration key `url` for a unix_socket_server connector; known keys: path, permissions, backlog, buf_size, max_queued_bytes', 'unknown', 'url'),
  );
  t.same(unixSocketClient.validate({ path: 'x', reconnect: { retry: { interval_ms: 5, randomized: false } } }).reconnect, { kind: 'retry', intervalMs: 5, growthRate: 1.5, maxRetries: Infinity, randomized: false });
  t.throws(() => unixSocketClient.validate({ path: 'x', permissions: '600' }), { name: 'ConfigError', kind: 'unknown' } as { name: string });
});

t.test('server: lines from connections, answers routed by stream id; stale file removed; permissions', async (t) => {
  const path = tmpSocket(t);
  // a socket file a crashed run left behind
  const stale = net.createServer().listen(path);
  await once(stale, 'listening');
  stale.close();
  const ctx = fakeContext({ ...lines, alias: 'srv' });
  const srv = create(t, unixSocketServer, ctx, { path, permissions: '=600' });
  await srv.start!();
  t.equal(statSync(path).mode & 0o777, 0o600, 'the socket file has the permissions');
  const got = collect(srv.source!);
  const a = await netClient(t, path);
  const b = await netClient(t, path);
  a.socket.write('from a\n');
  await until(t, 'a', () => got.length === 1);
  b.socket.write('from b\n{bad');
  await until(t, 'b', () => got.length === 2);
  t.same(got[0].event.meta, { unix_socket_server: { path, peer: 0 } });
  t.same(got[1].event.meta, { unix_socket_server: { path, peer: 1 } });
  t.match(got[0].event.origin, { scheme: 'tremor-unix-socket-server', port: null, path: [path] });
  for (const pe of got) send(srv.sink!, `re: ${pe.event.data}`, pe.event.meta);
  send(srv.sink!, 'all');
  send(srv.sink!, 'x', { unix_socket_server: { peer: 'zero' } });
  await until(t, 'answers', () => a.text === 're: from a\nall\n' && b.text === 're: from b\nall\n');
  t.same(ctx.reports, ["main::srv: the event's `$unix_socket_server.peer` is not a peer of this connector; the event is dropped"]);
  b.socket.end();
  await until(t, 'flush at close', () => got.length === 3);
  t.equal(got[2].event.data, '{bad');
  await srv.stop!();
  srv.sink!.end();
  await once(srv.sink!, 'finish');
  await until(t, 'closed', () => a.closed);
  t.notOk(existsSync(path), 'closing the server removes the socket file');
});

t.test('server: refuses to remove something that is not a socket', async (t) => {
  const path = tmpSocket(t);
  writeFileSync(path, 'precious');
  const srv = create(t, unixSocketServer, fakeContext({ ...lines, alias: 'srv' }), { path });
  await t.rejects(srv.start!(), { message: /main::srv connector cannot listen on .*: the path exists and is not a socket/ });
  t.ok(existsSync(path));
});

t.test('client: both ways, bad bytes to err, reconnect after the server restarts', async (t) => {
  const path = tmpSocket(t);
  let ns = await netServer(t, path);
  const ctx = fakeContext({ codec: 'json', pre: ['separate'], post: ['separate'], alias: 'cli' });
  const cli = create(t, unixSocketClient, ctx, { path, reconnect: { retry: { interval_ms: 10, randomized: false } } });
  await cli.start!();
  const got = collect(cli.source!);
  send(cli.sink!, { n: 1 });
  await until(t, 'sent', () => ns.text === '{"n":1}\n');
  ns.sockets[0].write('{"a":1}\nnope\n{"b":2}\n');
  await until(t, 'received', () => got.length === 3);
  t.same(
    got.map((pe) => pe.port),
    ['out', 'err', 'out'],
  );
  t.same(got[0].event.meta, { unix_socket_client: { peer: path } });
  t.match(got[1].event.data, { line: 2, data: 'nope' });
  // restart the server
  ns.server.close();
  ns.sockets[0].destroy();
  await until(t, 'lost', () => ctx.reports.length === 1);
  ns = await netServer(t, path);
  (ctx.clock as ManualClock).advance(10);
  send(cli.sink!, { n: 2 });
  await until(t, 'reconnected', () => ns.text === '{"n":2}\n');
  await cli.stop!();
  cli.sink!.end();
  await once(cli.sink!, 'finish');
  await until(t, 'closed', () => ns.sockets[0].readableEnded);
});

t.test('client: a missing socket fails start', async (t) => {
  const path = tmpSocket(t);
  const cli = create(t, unixSocketClient, fakeContext({ ...lines, alias: 'cli' }), { path });
  await t.rejects(cli.start!(), { message: /^The main::cli connector cannot connect to ".*s\.sock": .*ENOENT/ });
});

t.test('deploy: a unix_socket_server echo', async (t) => {
  const path = tmpSocket(t);
  const types = new Map(connectorTypes);
  types.set('unix_socket_server', unixSocketServer);
  types.set('unix_socket_client', unixSocketClient);
  const h = deploy(
    `define flow main flow
      define connector echo from unix_socket_server
      with codec = "string", preprocessors = ["separate"], postprocessors = ["separate"], config = {"path": ${JSON.stringify(path)}} end;
      define pipeline up pipeline select event + "!" from in into out; end;
      create connector echo; create pipeline up;
      connect /connector/echo to /pipeline/up;
      connect /pipeline/up to /connector/echo;
    end;
    deploy flow main;`,
    { types },
  );
  await until(t, 'listening', () => existsSync(path));
  const a = await netClient(t, path);
  const b = await netClient(t, path);
  a.socket.write('hello\n');
  b.socket.write('world\n');
  await until(t, 'echoes', () => a.text === 'hello!\n' && b.text === 'world!\n');
  t.equal(await h.stop(), 0);
  await until(t, 'closed', () => a.closed && b.closed);
  t.notOk(existsSync(path));
});
