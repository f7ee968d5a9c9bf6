import t, { type Test } from 'tap';
import net from 'node:net';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { ConfigError, configErrorCode, type ConnectorInstance, type ConnectorType } from '../../src/connectors/connector.js';
import { dgramOptions, nodeHasReusePort } from '../../src/connectors/net/socket-options.js';
import { tcpClient, tcpServer, type ListeningInstance } from '../../src/connectors/tcp.js';
import { udpServer } from '../../src/connectors/udp.js';
import { wsClient, wsServer } from '../../src/connectors/ws.js';
import type { Value } from '../../src/runtime/value.js';
import { newEvent } from '../../src/runtime/event.js';
import { stringify } from '../../src/runtime/json.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { collect, until } from './wait.js';
import { freePort } from '../free-port.js';

const lines = { codec: 'string', pre: ['separate'], post: ['separate'] };

function create<I extends ConnectorInstance>(t: Test, type: ConnectorType<any>, ctx: FakeContext, config: Value): I {
  const inst = type.create(ctx, type.validate(config)) as I;
  t.teardown(() => {
    inst.source?.destroy();
    inst.sink?.destroy();
  });
  return inst;
}

t.test("configuration: Tremor's keys and defaults, upper case, strict", async (t) => {
  const defaults = { reusePort: false, noDelay: true };
  t.same(tcpServer.validate({ url: 'a:1', socket_options: {} }).socket, defaults, '{} forces the defaults');
  t.same(tcpClient.validate({ url: 'a:1', socket_options: { TCP_NODELAY: false } }).socket, { reusePort: false, noDelay: false });
  t.same(tcpClient.validate({ url: 'a:1', no_delay: false }).socket, { reusePort: false, noDelay: false }, "0.12's no_delay");
  t.same(tcpClient.validate({ url: 'a:1', no_delay: true, socket_options: { TCP_NODELAY: true, SO_REUSEPORT: true, SO_REUSEADDR: false } }).socket, { reusePort: true, noDelay: true }, 'a client takes them all');
  t.same(wsServer.validate({ url: 'a:1', socket_options: { SO_REUSEPORT: true, TCP_NODELAY: false } }).socket, { reusePort: true, noDelay: false });
  t.same(udpServer.validate({ url: 'a:1', socket_options: { SO_REUSEPORT: true, SO_REUSEADDR: false } }).socket, { reusePort: true, reuseAddr: false });
  const fails = (type: ConnectorType<any>, cfg: Value, re: RegExp, code: string, key: string) => {
    try {
      type.validate(cfg);
      t.fail(`accepted ${stringify(cfg)}`);
    } catch (e) {
      t.type(e, ConfigError);
      t.match({ code: configErrorCode(e as ConfigError), key: (e as ConfigError).key, message: (e as Error).message }, { code, key, message: re }, stringify(cfg));
    }
  };
  fails(
    tcpServer,
    { url: 'a:1', socket_options: { SO_KEEPALIVE: true } },
    /Unknown configuration key `socket_options.SO_KEEPALIVE` .*known keys: SO_REUSEPORT, SO_REUSEADDR, TCP_NODELAY/,
    'D007',
    'socket_options.SO_KEEPALIVE',
  );
  fails(tcpServer, { url: 'a:1', socket_options: { so_reuseport: true } }, /Unknown configuration key `socket_options.so_reuseport`/, 'D007', 'socket_options.so_reuseport');
  fails(udpServer, { url: 'a:1', socket_options: { TCP_NODELAY: true } }, /Unknown configuration key `socket_options.TCP_NODELAY` .*known keys: SO_REUSEPORT, SO_REUSEADDR/, 'D007', 'socket_options.TCP_NODELAY');
  fails(tcpServer, { url: 'a:1', socket_options: { SO_REUSEPORT: 'yes' } }, /`socket_options.SO_REUSEPORT` must be true or false/, 'D008', 'socket_options.SO_REUSEPORT');
  fails(
    tcpServer,
    { url: 'a:1', socket_options: { SO_REUSEADDR: false } },
    /^Invalid configuration for a tcp_server connector: `socket_options.SO_REUSEADDR` cannot be false: Node \(libuv\) always sets SO_REUSEADDR/,
    'D008',
    'socket_options.SO_REUSEADDR',
  );
  fails(wsServer, { url: 'a:1', socket_options: { SO_REUSEADDR: false } }, /ws_server connector: `socket_options.SO_REUSEADDR` cannot be false/, 'D008', 'socket_options.SO_REUSEADDR');
  fails(tcpClient, { url: 'a:1', no_delay: true, socket_options: { TCP_NODELAY: false } }, /`socket_options.TCP_NODELAY` disagrees with `no_delay`/, 'D008', 'socket_options.TCP_NODELAY');
  fails(wsClient, { url: 'ws://a:1', no_delay: false, socket_options: { TCP_NODELAY: true } }, /ws_client connector: `socket_options.TCP_NODELAY` disagrees/, 'D008', 'socket_options.TCP_NODELAY');
});

t.test('which Node sets SO_REUSEPORT itself', async (t) => {
  t.notOk(nodeHasReusePort('20.20.2'));
  t.notOk(nodeHasReusePort('22.11.0'));
  t.ok(nodeHasReusePort('22.12.0'));
  t.ok(nodeHasReusePort('24.1.0'));
  // on Node without `reusePort`, UDP's SO_REUSEPORT rides on reuseAddr (SO_REUSEADDR on Linux)
  if (!nodeHasReusePort()) t.same(dgramOptions({ reusePort: true, reuseAddr: false }), { reuseAddr: true });
});

t.test('TCP_NODELAY is set on accepted and dialled sockets as configured', async (t) => {
  const calls: boolean[] = [];
  const original = net.Socket.prototype.setNoDelay;
  net.Socket.prototype.setNoDelay = function (this: net.Socket, on?: boolean) {
    calls.push(on ?? true);
    return original.call(this, on);
  };
  t.teardown(() => void (net.Socket.prototype.setNoDelay = original));
  const srv = create<ListeningInstance>(t, tcpServer, fakeContext({ ...lines, alias: 'srv' }), { url: '127.0.0.1:0', socket_options: { TCP_NODELAY: false } });
  await srv.start!();
  const got = collect(srv.source!);
  const cli = create<ConnectorInstance>(t, tcpClient, fakeContext({ ...lines, alias: 'cli' }), { url: `127.0.0.1:${srv.port}`, socket_options: { TCP_NODELAY: false } });
  await cli.start!();
  cli.sink!.write({ port: 'in', event: newEvent('x', 0) });
  await until(t, 'connected both ways', () => got.length === 1);
  t.same(calls, [false, false], 'the client and the accepted socket, both off');
});

t.test('SO_REUSEPORT: two servers share an address, connections spread between them', async (t) => {
  const port = await freePort();
  const config = { url: `127.0.0.1:${port}`, socket_options: { SO_REUSEPORT: true } };
  const a = create<ListeningInstance>(t, tcpServer, fakeContext({ ...lines, alias: 'a' }), config);
  const b = create<ListeningInstance>(t, tcpServer, fakeContext({ ...lines, alias: 'b' }), config);
  await a.start!();
  await b.start!();
  t.equal(a.port, port);
  t.equal(b.port, port);
  const [fromA, fromB] = [collect(a.source!), collect(b.source!)];
  const clients: net.Socket[] = [];
  t.teardown(() => clients.forEach((c) => c.destroy()));
  for (let i = 0; i < 4; i++) {
    const c = net.connect({ host: '127.0.0.1', port });
    clients.push(c);
    await once(c, 'connect');
    c.write(`c${i}\n`);
  }
  await until(t, 'all four lines', () => fromA.length + fromB.length === 4);
  t.ok(fromA.length > 0 && fromB.length > 0, `both servers took connections (${fromA.length} and ${fromB.length})`);
  // one closes: the other keeps the address
  await a.stop!();
  a.source!.destroy();
  a.sink!.destroy();
  const late = net.connect({ host: '127.0.0.1', port });
  clients.push(late);
  await once(late, 'connect');
  late.write('late\n');
  await until(t, 'the other server has it', () => fromB.some((pe) => pe.event.data === 'late'));
});

t.test('without SO_REUSEPORT a second server cannot take the address', async (t) => {
  const port = await freePort();
  const a = create<ListeningInstance>(t, tcpServer, fakeContext({ ...lines, alias: 'a' }), { url: `127.0.0.1:${port}` });
  await a.start!();
  const b = create<ListeningInstance>(t, tcpServer, fakeContext({ ...lines, alias: 'b' }), { url: `127.0.0.1:${port}`, socket_options: { SO_REUSEPORT: true } });
  await t.rejects(b.start!(), { message: new RegExp(`^The main::b connector cannot listen on 127.0.0.1:${port}: .*EADDRINUSE`) });
});

t.test('SO_REUSEPORT on ws_server', async (t) => {
  const port = await freePort();
  const config = { url: `127.0.0.1:${port}`, socket_options: { SO_REUSEPORT: true } };
  const a = create<ListeningInstance>(t, wsServer, fakeContext({ codec: 'string', alias: 'a' }), config);
  const b = create<ListeningInstance>(t, wsServer, fakeContext({ codec: 'string', alias: 'b' }), config);
  await a.start!();
  await b.start!();
  const [fromA, fromB] = [collect(a.source!), collect(b.source!)];
  for (let i = 0; i < 2; i++) {
    const cli = create<ConnectorInstance>(t, wsClient, fakeContext({ codec: 'string', alias: `c${i}` }), { url: `ws://127.0.0.1:${port}/` });
    await cli.start!();
    cli.sink!.write({ port: 'in', event: newEvent(`m${i}`, 0) });
  }
  await until(t, 'both messages', () => fromA.length + fromB.length === 2);
  t.same([fromA.length, fromB.length], [1, 1], 'one connection each');
});

t.test('UDP: SO_REUSEADDR (the default) lets servers bind one port; without it the second fails', async (t) => {
  const probe = dgram.createSocket('udp4');
  probe.bind(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = probe.address().port;
  probe.close();
  const a = create<ListeningInstance>(t, udpServer, fakeContext({ codec: 'string', alias: 'a' }), { url: `127.0.0.1:${port}` });
  const b = create<ListeningInstance>(t, udpServer, fakeContext({ codec: 'string', alias: 'b' }), { url: `127.0.0.1:${port}` });
  await a.start!();
  await b.start!();
  t.equal(b.port, port);
  const c = create<ListeningInstance>(t, udpServer, fakeContext({ codec: 'string', alias: 'c' }), { url: `127.0.0.1:${port}`, socket_options: { SO_REUSEADDR: false } });
  await t.rejects(c.start!(), { message: /^The main::c connector cannot bind .*EADDRINUSE/ });
});
