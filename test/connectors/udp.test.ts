import t, { type Test } from 'tap';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { ConfigError, type ConnectorInstance, type ConnectorType } from '../../src/connectors/connector.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { udpClient, udpServer } from '../../src/connectors/udp.js';
import { deploy } from '../../src/app/deploy.js';
import { newEvent } from '../../src/runtime/event.js';
import type { Value } from '../../src/runtime/value.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { collect, until } from './wait.js';
import { settle } from '../until.js';

type Listening = ConnectorInstance & { readonly port: number };

/** a dgram socket on an ephemeral loopback port that records what it receives */
async function peer(t: Test) {
  const socket = dgram.createSocket('udp4');
  const p = { socket, got: [] as string[], port: 0 };
  socket.on('message', (m) => p.got.push(m.toString()));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  p.port = socket.address().port;
  t.teardown(() => socket.close());
  return p;
}

const sendTo = (s: dgram.Socket, port: number, msg: string) => new Promise<void>((r) => s.send(msg, port, '127.0.0.1', () => r()));

function server(t: Test, ctx: FakeContext, config: Value = { url: '127.0.0.1:0' }): Listening {
  const inst = udpServer.create(ctx, udpServer.validate(config)) as Listening;
  t.teardown(() => inst.source!.destroy());
  return inst;
}

function client(t: Test, ctx: FakeContext, config: Value): ConnectorInstance {
  const inst = udpClient.create(ctx, udpClient.validate(config));
  t.teardown(() => inst.sink!.destroy());
  return inst;
}

t.test('configuration', async (t) => {
  const socket = { reusePort: false, reuseAddr: true };
  t.same(udpServer.validate({ url: '0.0.0.0:5514' }), { url: { host: '0.0.0.0', port: 5514 }, bufSize: 8192, socket });
  t.same(udpClient.validate({ url: 'localhost:1', bind: '127.0.0.1:0' }), { url: { host: 'localhost', port: 1 }, bind: { host: '127.0.0.1', port: 0 }, socket });
  t.throws(() => udpServer.validate({ url: 'x:1', bind: 'y:1' }), new ConfigError('Unknown configuration key `bind` for a udp_server connector; known keys: url, buf_size, socket_options', 'unknown', 'bind'));
  t.throws(() => udpClient.validate({ url: 'x:0' }), /needs a port other than 0/);
  t.throws(() => udpServer.validate({ url: 'x' }), /needs a port/);
  t.throws(() => udpServer.validate({ url: 'x:1', buf_size: 70000 }), /`buf_size` must be at most 65535/);
  t.same([udpServer.inputs(null as never), udpServer.outputs(null as never), udpClient.inputs(null as never), udpClient.outputs(null as never)], [[], ['out', 'err'], ['in'], []]);
});

t.test('server: one datagram is one chunk; bad ones go to err; the sender is in the metadata', async (t) => {
  const srv = server(t, fakeContext({ codec: 'json', alias: 'udp' }));
  await srv.start!();
  t.ok(srv.port > 0);
  const got = collect(srv.source!);
  const p = await peer(t);
  for (const m of ['{"a":1}', 'not json', '{"b":2}']) await sendTo(p.socket, srv.port, m);
  await until(t, 'three', () => got.length === 3);
  t.same(
    got.map((pe) => pe.port),
    ['out', 'err', 'out'],
  );
  t.same([got[0].event.data, got[2].event.data], [{ a: 1 }, { b: 2 }]);
  t.match(got[1].event.data, { source: 'main::udp', line: 2, data: 'not json' });
  t.same(got[0].event.meta, { udp_server: { peer: { host: '127.0.0.1', port: p.port } } });
  t.same(got[0].event.origin, { scheme: 'udp-server', host: '127.0.0.1', port: srv.port, path: [] });
  await srv.stop!();
  await until(t, 'end', () => srv.source!.readableEnded);
});

t.test('server: datagrams longer than buf_size are cut', async (t) => {
  const srv = server(t, fakeContext({ codec: 'string' }), { url: '127.0.0.1:0', buf_size: 4 });
  await srv.start!();
  const got = collect(srv.source!);
  const p = await peer(t);
  await sendTo(p.socket, srv.port, 'abcdefgh');
  await until(t, 'one', () => got.length === 1);
  t.equal(got[0].event.data, 'abcd');
});

t.test('server: while the flow is full datagrams wait (as in a kernel buffer), in order', async (t) => {
  const ctx = fakeContext({ codec: 'string', highWaterMark: 2 });
  const srv = server(t, ctx);
  await srv.start!();
  const stuck = new Writable({ objectMode: true, highWaterMark: 1, write() {} });
  srv.source!.pipe(stuck);
  const p = await peer(t);
  for (let i = 0; i < 50; i++) await sendTo(p.socket, srv.port, `m${i}`);
  // every send has completed, so all 50 are in the loopback socket's kernel buffer: a few
  // event-loop turns let the server read them all (no amount of real time is needed)
  await settle();
  t.ok(srv.source!.readableLength <= 2, 'the flow holds no more than its buffer');
  srv.source!.unpipe(stuck);
  const got = collect(srv.source!);
  srv.source!.resume();
  const skipped = stuck.writableLength;
  await until(t, 'all', () => skipped + got.length === 50);
  t.same(
    got.map((pe) => pe.event.data),
    Array.from({ length: 50 - skipped }, (_, i) => `m${skipped + i}`),
    'none lost, in order',
  );
  t.same(ctx.reports, []);
});

t.test('server: beyond the receive buffer datagrams are dropped and counted', async (t) => {
  const ctx = fakeContext({ codec: 'binary', highWaterMark: 2 });
  const srv = server(t, ctx);
  await srv.start!();
  const stuck = new Writable({ objectMode: true, highWaterMark: 1, write() {} });
  srv.source!.pipe(stuck);
  const p = await peer(t);
  const big = 'x'.repeat(8000);
  // SO_RCVBUF is some 200 KiB on Linux: 100 datagrams of 8000 bytes overflow it
  const n = 100;
  for (let i = 0; i < n; i++) {
    await sendTo(p.socket, srv.port, big);
    // the server reads it before the next comes, so that the kernel drops none
    await settle();
  }
  srv.source!.unpipe(stuck);
  const got = collect(srv.source!);
  srv.source!.resume();
  await until(t, 'report', () => ctx.reports.length === 1);
  const dropped = Number(/dropped (\d+) datagrams while the flow was full/.exec(ctx.reports[0])?.[1]);
  t.ok(dropped > 0, `${dropped} dropped`);
  await settle();
  // the kernel may drop some too (it never reports them): what we count is an upper part
  t.ok(got.length + stuck.writableLength + dropped <= n, 'every datagram counted at most once');
  await sendTo(p.socket, srv.port, 'later');
  await until(t, 'later', () => Buffer.from(got.at(-1)?.event.data as Uint8Array).toString() === 'later');
});

t.test('client: one datagram per event, even with a separate postprocessor', async (t) => {
  const p = await peer(t);
  const ctx = fakeContext({ codec: 'json', post: ['separate'] });
  const cli = client(t, ctx, { url: `127.0.0.1:${p.port}`, bind: '127.0.0.1:0' });
  await cli.start!();
  for (const v of [1, { a: 'b' }, 'three']) cli.sink!.write({ port: 'in', event: newEvent(v, 0) });
  await until(t, 'three datagrams', () => p.got.length === 3);
  t.same(p.got, ['1\n', '{"a":"b"}\n', '"three"\n']);
  cli.sink!.end();
  await once(cli.sink!, 'finish');
  t.same(ctx.reports, []);
});

t.test('client: a bad bind address fails start', async (t) => {
  const cli = client(t, fakeContext({ codec: 'json', alias: 'out' }), { url: '127.0.0.1:9', bind: '192.0.2.1:0' });
  await t.rejects(cli.start!(), { message: /^The main::out connector cannot bind 192.0.2.1:0: .*EADDRNOTAVAIL/ });
});

t.test('deploy: udp_server → pipeline → udp_client', async (t) => {
  const receiver = await peer(t);
  let srv: Listening | null = null;
  const types = new Map<string, ConnectorType<any>>(connectorTypes);
  types.set('udp_server', { ...udpServer, create: (ctx, c) => (srv = udpServer.create(ctx, c) as Listening) });
  types.set('udp_client', udpClient);
  const h = deploy(
    `define flow main flow
      define connector inbound from udp_server with codec = "json", config = {"url": "127.0.0.1:0"} end;
      define connector outbound from udp_client with codec = "json", config = {"url": "127.0.0.1:${receiver.port}"} end;
      define pipeline tag pipeline select {"got": event, "from": $udp_server.peer.host} from in into out; end;
      create connector inbound; create connector outbound; create pipeline tag;
      connect /connector/inbound to /pipeline/tag;
      connect /pipeline/tag to /connector/outbound;
    end;
    deploy flow main;`,
    { types },
  );
  await until(t, 'listening', () => (srv?.port ?? 0) > 0);
  const sender = await peer(t);
  await sendTo(sender.socket, srv!.port, '{"x":1}');
  await sendTo(sender.socket, srv!.port, '[2]');
  await until(t, 'forwarded', () => receiver.got.length === 2);
  t.same(receiver.got, ['{"got":{"x":1},"from":"127.0.0.1"}', '{"got":[2],"from":"127.0.0.1"}']);
  t.equal(await h.stop(), 0);
});
