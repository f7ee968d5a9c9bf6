import t, { type Test } from 'tap';
import net from 'node:net';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { ConfigError, type ConnectorInstance, type ConnectorType, type PortEvent } from '../../src/connectors/connector.js';
import { Backoff, reconnectConfig } from '../../src/connectors/net/backoff.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { tcpClient, tcpServer, type ListeningInstance } from '../../src/connectors/tcp.js';
import { deploy } from '../../src/app/deploy.js';
import type { ManualClock } from '../../src/base/clock.js';
import { newEvent } from '../../src/runtime/event.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { collect, until } from './wait.js';
import { settle } from '../until.js';

const lines = { codec: 'string', pre: ['separate'], post: ['separate'] };

/** a node:net client that records what it receives */
async function netClient(t: Test, port: number) {
  const socket = net.connect({ host: '127.0.0.1', port });
  await once(socket, 'connect');
  t.teardown(() => void socket.destroy());
  const c = { socket, text: '', closed: false };
  socket.on('data', (d) => (c.text += d));
  socket.on('close', () => (c.closed = true));
  return c;
}

/** a node:net server that records what each connection sends */
async function netServer(t: Test, port = 0) {
  const s = { server: net.createServer(), text: '', sockets: [] as net.Socket[], port: 0 };
  s.server.on('connection', (c) => {
    s.sockets.push(c);
    c.on('data', (d) => (s.text += d));
    c.on('error', () => {});
  });
  s.server.listen(port, '127.0.0.1');
  await once(s.server, 'listening');
  s.port = (s.server.address() as net.AddressInfo).port;
  t.teardown(() => {
    for (const c of s.sockets) c.destroy();
    s.server.close();
  });
  return s;
}

function server(t: Test, ctx: FakeContext): ListeningInstance {
  const inst = tcpServer.create(ctx, tcpServer.validate({ url: '127.0.0.1:0' })) as ListeningInstance;
  t.teardown(() => {
    inst.source!.destroy();
    inst.sink!.destroy();
  });
  return inst;
}

function client(t: Test, ctx: FakeContext, config: Value): ConnectorInstance {
  const inst = tcpClient.create(ctx, tcpClient.validate(config));
  t.teardown(() => {
    inst.source!.destroy();
    inst.sink!.destroy();
  });
  return inst;
}

const send = (sink: Writable, data: Value, meta: Rec = {}) => sink.write({ port: 'in', event: newEvent(data, 0, 0, meta) });

t.test('configuration', async (t) => {
  t.same(tcpServer.validate({ url: 'localhost' }), { url: { host: 'localhost', port: 4242 }, tls: null, backlog: 128, bufSize: 8192, socket: { reusePort: false, noDelay: true }, maxQueuedBytes: 8 * 1024 * 1024 });
  t.same(tcpServer.validate({ url: 'tcp://[::1]:0', backlog: 5, buf_size: 10 }).url, { host: '::1', port: 0 });
  t.same(tcpClient.validate({ url: '127.0.0.1:99' }), { url: { host: '127.0.0.1', port: 99 }, tls: null, bufSize: 8192, socket: { reusePort: false, noDelay: true }, reconnect: { kind: 'none' } });
  t.throws(
    () => tcpServer.validate({ url: 'a:1', ttl: 3 }),
    new ConfigError('Unknown configuration key `ttl` for a tcp_server connector; known keys: url, tls, backlog, buf_size, socket_options, max_queued_bytes', 'unknown', 'ttl'),
  );
  t.throws(() => tcpClient.validate({ url: 'localhost' }), /`url` needs a port/);
  t.throws(() => tcpClient.validate({ url: 'localhost:0' }), /needs a port other than 0/);
  t.throws(() => tcpServer.validate({ url: 'a:70000' }), /port out of range/);
  t.throws(() => tcpServer.validate({}), /Missing configuration key `url`/);
  t.throws(() => tcpClient.validate({ url: 'a:1', no_delay: 'yes' }), /`no_delay` must be true or false/);
  t.same(tcpClient.validate({ url: 'a:1', reconnect: { retry: { interval_ms: 10 } } }).reconnect, { kind: 'retry', intervalMs: 10, growthRate: 1.5, maxRetries: Infinity, randomized: true });
  t.throws(() => tcpClient.validate({ url: 'a:1', reconnect: { retry: { interval_ms: 10, jitter: 1 } } }), { name: 'ConfigError', kind: 'unknown' } as { name: string });
  t.throws(() => tcpClient.validate({ url: 'a:1', reconnect: { retry: {} } }), /Missing configuration key `reconnect.retry.interval_ms`/);
  t.same([tcpServer.outputs(null as never), tcpServer.inputs(null as never), tcpClient.codec], [['out', 'err'], ['in'], 'required']);
});

t.test('backoff schedules follow Tremor', async (t) => {
  const none = new Backoff(reconnectConfig('x', undefined));
  t.equal(none.failed(), null, 'none: a failed first connect is final');
  const lost = new Backoff(reconnectConfig('x', 'none'));
  t.same([lost.lost(), lost.failed()], [1000, null], 'none: one attempt 1 s after a loss');
  const fixed = new Backoff(reconnectConfig('x', { retry: { interval_ms: 100, growth_rate: 2, max_retries: 3, randomized: false } }));
  t.same([fixed.failed(), fixed.failed(), fixed.failed()], [100, 200, null], 'the first attempt counts');
  fixed.succeeded();
  t.same([fixed.lost(), fixed.failed(), fixed.failed(), fixed.failed()], [100, 200, 400, null], 'max_retries counts failures since the last success');
  let r = 0;
  const rnd = new Backoff(reconnectConfig('x', { retry: { interval_ms: 100, growth_rate: 2 } }), () => [0, 0.999999][r++ % 2]);
  t.same([rnd.failed(), rnd.failed(), rnd.failed()], [100, 100, 200], 'randomized: uniform between the last wait and last × growth');
});

t.test('server: lines from several clients, answers routed back by peer', async (t) => {
  const ctx = fakeContext({ ...lines, alias: 'srv' });
  const srv = server(t, ctx);
  await srv.start!();
  t.ok(srv.port > 0, `listening on ${srv.port}`);
  const got = collect(srv.source!);
  const a = await netClient(t, srv.port);
  const b = await netClient(t, srv.port);
  a.socket.write('hello from a\n');
  await until(t, 'a', () => got.length === 1);
  b.socket.write('hello from b\npartial');
  await until(t, 'b', () => got.length === 2);
  t.same(
    got.map((pe) => pe.event.data),
    ['hello from a', 'hello from b'],
  );
  const peerA = (got[0].event.meta.tcp_server as Rec).peer as Rec;
  t.same(got[0].event.meta, { tcp_server: { tls: false, peer: { host: '127.0.0.1', port: a.socket.localPort! } } });
  t.same(got[0].event.origin, { scheme: 'tremor-tcp-server', host: '127.0.0.1', port: a.socket.localPort, path: [] });
  // answers go to the connection the event came from
  for (const pe of got) send(srv.sink!, `re: ${pe.event.data}`, pe.event.meta);
  send(srv.sink!, 'to everyone');
  send(srv.sink!, 'to nobody', { tcp_server: { peer: { host: '127.0.0.1', port: 1 } } });
  await until(t, 'answers', () => a.text.split('\n').length === 3 && b.text.split('\n').length === 3);
  t.equal(a.text, 're: hello from a\nto everyone\n');
  t.equal(b.text, 're: hello from b\nto everyone\n');
  t.same(ctx.reports, ['main::srv: no open connection to the peer 127.0.0.1:1; the event is dropped']);
  // a closed connection flushes its last line
  b.socket.end();
  await until(t, 'flush', () => got.length === 3);
  t.equal(got[2].event.data, 'partial');
  t.ok(peerA.port !== ((got[2].event.meta.tcp_server as Rec).peer as Rec).port);
  // clean shutdown: stop reading, the sink finishes and closes the connections
  await srv.stop!();
  await once(srv.source!, 'end');
  srv.sink!.end();
  await once(srv.sink!, 'finish');
  await until(t, 'close', () => a.closed);
  await t.rejects(netClient(t, srv.port), { code: 'ECONNREFUSED' }, 'no longer listening');
});

t.test('bad bytes go to err, the events around them are intact', async (t) => {
  const srv = server(t, fakeContext({ codec: 'json', pre: ['separate'], alias: 'srv' }));
  await srv.start!();
  const got = collect(srv.source!);
  const c = await netClient(t, srv.port);
  c.socket.write('{"a":1}\nnot json\n{"b":2}\n');
  await until(t, 'events', () => got.length === 3);
  t.same(
    got.map((pe) => pe.port),
    ['out', 'err', 'out'],
  );
  t.same([got[0].event.data, got[2].event.data], [{ a: 1 }, { b: 2 }]);
  t.match(got[1].event.data, { source: 'main::srv', line: 2, data: 'not json' });
  t.match(got[1].event.meta, { tcp_server: { peer: { host: '127.0.0.1' } } });
});

t.test('server backpressure: a full source pauses the connection, nothing is lost', async (t) => {
  const srv = server(t, fakeContext({ ...lines, highWaterMark: 4 }));
  await srv.start!();
  const c = await netClient(t, srv.port);
  const taken: PortEvent[] = [];
  const stuck = new Writable({ objectMode: true, highWaterMark: 2, write: (pe: PortEvent) => void taken.push(pe) });
  srv.source!.pipe(stuck);
  const n = 50000;
  const pad = 'x'.repeat(200);
  for (let i = 0; i < n; i++) c.socket.write(`line ${i} ${pad}\n`);
  // the stuck state: the consumer has its one event and the source has filled its buffer
  await until(t, 'the source full', () => taken.length === 1 && srv.source!.readableLength >= 4);
  await settle();
  t.ok(srv.source!.readableLength <= 4, `the source holds ${srv.source!.readableLength} events`);
  t.ok(c.socket.writableLength > 0, `the rest waits in the sockets (${c.socket.writableLength} bytes at the client)`);
  srv.source!.unpipe(stuck);
  // what the stuck writer took (being written or in its buffer) is lost to this test
  const skipped = stuck.writableLength;
  t.equal(taken.length, 1);
  const got = collect(srv.source!);
  srv.source!.resume();
  await until(t, 'all', () => skipped + got.length === n);
  t.ok(
    got.every((pe, i) => pe.event.data === `line ${skipped + i} ${pad}`),
    'everything else, in order',
  );
});

t.test('server sink: a lone client that does not read slows the sink down, it is not disconnected', async (t) => {
  const ctx = fakeContext({ ...lines, alias: 'srv' });
  const srv = tcpServer.create(ctx, tcpServer.validate({ url: '127.0.0.1:0', max_queued_bytes: 64 * 1024 })) as ListeningInstance;
  t.teardown(() => {
    srv.source!.destroy();
    srv.sink!.destroy();
  });
  await srv.start!();
  const got = collect(srv.source!);
  const c = await netClient(t, srv.port);
  c.socket.write('hi\n');
  await until(t, 'hello', () => got.length === 1);
  let received = 0;
  c.socket.on('data', (d: Buffer) => {
    for (const b of d) if (b === 10) received++;
  });
  c.socket.pause();
  const n = 100;
  const big = 'y'.repeat(256 * 1024);
  let sent = 0;
  let waiting = false;
  const producer = (async () => {
    for (; sent < n; sent++) {
      if (srv.sink!.write({ port: 'in', event: newEvent(`${sent} ${big}`, 0, 0, got[0].event.meta) })) continue;
      waiting = true;
      await once(srv.sink!, 'drain');
      waiting = false;
    }
  })();
  // more than the bound has been written for the client: the sink holds the producer back
  await until(t, 'the producer held back', () => (waiting && sent >= 4) || sent === n);
  await settle();
  t.same(ctx.reports, [], 'not disconnected');
  c.socket.resume();
  await producer;
  await until(t, 'every event', () => received === n);
  t.same(ctx.reports, []);
});

t.test('client: sends to and receives from a node:net server', async (t) => {
  const ns = await netServer(t);
  const ctx = fakeContext({ ...lines, alias: 'cli' });
  const cli = client(t, ctx, { url: `127.0.0.1:${ns.port}` });
  await cli.start!();
  const got = collect(cli.source!);
  send(cli.sink!, 'one');
  send(cli.sink!, 'two');
  await until(t, 'server got lines', () => ns.text === 'one\ntwo\n');
  ns.sockets[0].write('back\n');
  await until(t, 'client got a line', () => got.length === 1);
  t.same(got[0].event.data, 'back');
  t.same(got[0].event.meta, { tcp_client: { tls: false, peer: { host: '127.0.0.1', port: ns.port } } });
  // clean shutdown
  await cli.stop!();
  cli.sink!.end();
  await once(cli.sink!, 'finish');
  await until(t, 'the server sees the close', () => ns.sockets[0].readableEnded);
});

t.test('client: the end of its input leaves the connection open while replies are read', async (t) => {
  const ns = await netServer(t);
  const cli = client(t, fakeContext({ ...lines, alias: 'cli' }), { url: `127.0.0.1:${ns.port}` });
  await cli.start!();
  const got = collect(cli.source!);
  send(cli.sink!, 'last');
  cli.sink!.end();
  await once(cli.sink!, 'finish');
  await until(t, 'sent', () => ns.text === 'last\n');
  // as Tremor's client, which keeps its connection while the connector runs: a server that
  // ends a peer's stream at its end of input (Tremor's) still answers
  t.notOk(ns.sockets[0].readableEnded, 'no end of input at the server');
  ns.sockets[0].write('reply\n');
  await until(t, 'the reply arrives', () => got.length === 1);
  t.equal(got[0].event.data, 'reply');
  await cli.stop!();
  await until(t, 'stopped too: the connection is closed', () => ns.sockets[0].readableEnded);
});

t.test('client: with nobody reading its source, the end of its input closes the connection', async (t) => {
  const ns = await netServer(t);
  const cli = client(t, fakeContext({ ...lines, alias: 'cli' }), { url: `127.0.0.1:${ns.port}` });
  await cli.start!();
  send(cli.sink!, 'only');
  cli.sink!.end();
  await until(t, 'the server sees the end', () => ns.sockets[0]?.readableEnded === true);
  t.equal(ns.text, 'only\n');
});

t.test('client: a failing first connect rejects start unless a reconnect strategy is set', async (t) => {
  const ns = await netServer(t);
  const port = ns.port;
  ns.server.close();
  await once(ns.server, 'close');
  const cli = client(t, fakeContext({ ...lines, alias: 'cli' }), { url: `127.0.0.1:${port}` });
  await t.rejects(cli.start!(), { message: new RegExp(`^The main::cli connector cannot connect to 127.0.0.1:${port}: .*ECONNREFUSED`) });
  const ctx = fakeContext({ ...lines, alias: 'cli' });
  const retrying = client(t, ctx, { url: `127.0.0.1:${port}`, reconnect: { retry: { interval_ms: 10, randomized: false } } });
  await retrying.start!();
  t.match(ctx.reports, [/cannot connect to .*; reconnecting in 10 ms/]);
  t.equal((ctx.clock as ManualClock).pending, 1, 'a retry is scheduled on the clock');
  // a `reconnect` on the context (the connector's `with reconnect`, once the runtime passes it) wins
  const withCtx = { ...fakeContext({ ...lines, alias: 'cli' }), reconnect: { retry: { interval_ms: 7, randomized: false } } };
  await client(t, withCtx, { url: `127.0.0.1:${port}` }).start!();
  t.match(withCtx.reports, [/reconnecting in 7 ms/]);
});

t.test('client: reconnects with backoff after the server goes away and comes back', async (t) => {
  let ns = await netServer(t);
  const port = ns.port;
  const ctx = fakeContext({ ...lines, alias: 'cli' });
  const clock = ctx.clock as ManualClock;
  const cli = client(t, ctx, { url: `127.0.0.1:${port}`, reconnect: { retry: { interval_ms: 10, growth_rate: 2, randomized: false } } });
  await cli.start!();
  send(cli.sink!, 'before');
  await until(t, 'first line', () => ns.text === 'before\n');
  // the server goes away
  ns.server.close();
  for (const c of ns.sockets) c.destroy();
  await until(t, 'lost', () => ctx.reports.length === 1);
  t.match(ctx.reports[0], /lost its connection to 127.0.0.1:\d+; reconnecting in 10 ms/);
  // an event written meanwhile waits for the connection
  send(cli.sink!, 'during');
  clock.advance(10);
  await until(t, 'second failure', () => ctx.reports.length === 2);
  t.match(ctx.reports[1], /cannot connect to .*ECONNREFUSED.*; reconnecting in 20 ms$/);
  // it comes back on the same port
  ns = await netServer(t, port);
  clock.advance(20);
  await until(t, 'reconnected', () => ns.text === 'during\n');
  send(cli.sink!, 'after');
  await until(t, 'after', () => ns.text === 'during\nafter\n');
  t.equal(ctx.reports.length, 2);
});

t.test('client: the default strategy tries once after a loss, then fails the connector', async (t) => {
  const ns = await netServer(t);
  const ctx = fakeContext({ ...lines, alias: 'cli' });
  const cli = client(t, ctx, { url: `127.0.0.1:${ns.port}` });
  await cli.start!();
  const failed = once(cli.sink!, 'error');
  await until(t, 'connected', () => ns.sockets.length === 1);
  ns.server.close();
  ns.sockets[0].destroy();
  await until(t, 'lost', () => ctx.reports.length === 1);
  t.match(ctx.reports[0], /reconnecting in 1000 ms/);
  (ctx.clock as ManualClock).advance(999);
  t.equal(ctx.reports.length, 1);
  (ctx.clock as ManualClock).advance(1);
  const [e] = await failed;
  t.match((e as Error).message, /cannot connect to .*; giving up/);
});

/** the types of the registry plus the tcp ones, with the tcp_server instance handed to `seen` */
function typesWith(seen: (i: ListeningInstance) => void): Map<string, ConnectorType<any>> {
  const m = new Map(connectorTypes);
  m.set('tcp_server', {
    ...tcpServer,
    create: (ctx, c) => {
      const i = tcpServer.create(ctx, c) as ListeningInstance;
      seen(i);
      return i;
    },
  });
  m.set('tcp_client', tcpClient);
  return m;
}

t.test('deploy: a tcp_server echo through a pipeline', async (t) => {
  let srv: ListeningInstance | null = null;
  const h = deploy(
    `define flow main flow
      define connector echo from tcp_server
      with codec = "json", preprocessors = ["separate"], postprocessors = ["separate"], config = {"url": "127.0.0.1:0"} end;
      define pipeline shout pipeline select {"echo": event, "n": event.n + 1} from in into out; end;
      create connector echo; create pipeline shout;
      connect /connector/echo to /pipeline/shout;
      connect /pipeline/shout to /connector/echo;
    end;
    deploy flow main;`,
    { types: typesWith((i) => (srv = i)), report: () => {} },
  );
  await until(t, 'listening', () => (srv?.port ?? 0) > 0);
  const a = await netClient(t, srv!.port);
  const b = await netClient(t, srv!.port);
  a.socket.write('{"n":1}\n');
  b.socket.write('{"n":10}\n{"n":20}\n');
  await until(t, 'echoes', () => a.text.length > 0 && b.text.split('\n').length === 3);
  t.equal(a.text, '{"echo":{"n":1},"n":2}\n');
  t.equal(b.text, '{"echo":{"n":10},"n":11}\n{"echo":{"n":20},"n":21}\n');
  t.equal(await h.stop(), 0);
  await until(t, 'connections closed', () => a.closed && b.closed);
});

t.test('deploy: tcp_client to a tcp_server in one flow', async (t) => {
  let srv: ListeningInstance | null = null;
  const got: string[] = [];
  const ns = await netServer(t);
  const h = deploy(
    `define flow main flow
      define connector tick from metronome with config = {"interval": 5} end;
      define connector out from tcp_client
      with codec = "json", postprocessors = ["separate"], config = {"url": "127.0.0.1:${ns.port}"} end;
      define pipeline ids pipeline select event.id from in where event.id < 3 into out; end;
      create connector tick; create connector out; create pipeline ids;
      connect /connector/tick to /pipeline/ids;
      connect /pipeline/ids to /connector/out;
    end;
    deploy flow main;`,
    { types: typesWith((i) => (srv = i)), report: (m) => got.push(String(m)) },
  );
  await until(t, 'three ticks', () => ns.text === '0\n1\n2\n');
  t.equal(await h.stop(), 0);
  await until(t, 'the client closed', () => ns.sockets[0].readableEnded);
  t.same(got, []);
  t.equal(srv, null);
});
