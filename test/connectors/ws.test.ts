import t, { type Test } from 'tap';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Writable } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { ConfigError, type ConnectorInstance, type ConnectorType } from '../../src/connectors/connector.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import type { ListeningInstance } from '../../src/connectors/tcp.js';
import { wsClient, wsServer } from '../../src/connectors/ws.js';
import { deploy } from '../../src/app/deploy.js';
import type { ManualClock } from '../../src/base/clock.js';
import { newEvent } from '../../src/runtime/event.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { collect, until } from './wait.js';
import { settle } from '../until.js';

interface Frame {
  text: string;
  binary: boolean;
}

/** a `ws` client recording the frames it receives */
async function peerClient(t: Test, port: number) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
  await once(ws, 'open');
  t.teardown(() => ws.terminate());
  const c = { ws, frames: [] as Frame[], closed: false, port: (ws as unknown as { _socket: { localPort: number } })._socket.localPort };
  ws.on('message', (d, binary) => c.frames.push({ text: String(d), binary }));
  ws.on('close', () => (c.closed = true));
  return c;
}

/** a `ws` server recording the frames it receives */
async function peerServer(t: Test, port = 0) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  await once(wss, 'listening');
  const s = { wss, frames: [] as Frame[], sockets: [] as WebSocket[], port: (wss.address() as AddressInfo).port };
  wss.on('connection', (ws) => {
    s.sockets.push(ws);
    ws.on('message', (d, binary) => s.frames.push({ text: String(d), binary }));
  });
  t.teardown(() => {
    for (const ws of s.sockets) ws.terminate();
    wss.close();
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
  const socket = { reusePort: false, noDelay: true };
  t.same(wsServer.validate({ url: 'ws://127.0.0.1:0' }), { url: { host: '127.0.0.1', port: 0 }, tls: null, backlog: 128, socket, maxQueuedBytes: 8 * 1024 * 1024 });
  t.same(wsClient.validate({ url: 'ws://localhost:8080/feed' }), { url: 'ws://localhost:8080/feed', tls: null, socket, reconnect: { kind: 'none' } });
  t.same(wsClient.validate({ url: 'ws://localhost:8080/feed', no_delay: false }).socket, { reusePort: false, noDelay: false }, "0.12's no_delay");
  t.throws(() => wsClient.validate({ url: 'http://localhost:1' }), /`url` must be a "ws:\/\/host:port\/path"/);
  t.throws(() => wsClient.validate({ url: 'not a url' }), /must be a "ws:\/\/host:port\/path"/);
  t.throws(() => wsServer.validate({ url: 'x:1', tls: {} }), /Missing configuration key `tls.cert`/);
  t.throws(
    () => wsServer.validate({ url: 'x:1', ttl: 1 }),
    new ConfigError('Unknown configuration key `ttl` for a ws_server connector; known keys: url, tls, backlog, socket_options, max_queued_bytes', 'unknown', 'ttl'),
  );
  t.throws(() => wsClient.validate({ url: 'ws://x:1', reconnect: { retry: { interval_ms: -1 } } }), /interval_ms/);
});

t.test('server: messages from several clients, answers routed back, binary frames', async (t) => {
  const ctx = fakeContext({ codec: 'string', alias: 'ws' });
  const srv = create(t, wsServer, ctx, { url: '127.0.0.1:0' }) as ListeningInstance;
  await srv.start!();
  const got = collect(srv.source!);
  const a = await peerClient(t, srv.port);
  const b = await peerClient(t, srv.port);
  a.ws.send('text from a');
  await until(t, 'a', () => got.length === 1);
  b.ws.send(Buffer.from('binary from b'), { binary: true });
  await until(t, 'b', () => got.length === 2);
  t.same(
    got.map((pe) => pe.event.data),
    ['text from a', 'binary from b'],
  );
  t.same(got[0].event.meta, { ws_server: { tls: false, peer: { host: '127.0.0.1', port: a.port } } });
  t.same(got[1].event.meta, { ws_server: { tls: false, peer: { host: '127.0.0.1', port: b.port } }, binary: true }, 'a binary frame sets $binary');
  t.match(got[0].event.origin, { scheme: 'tremor-ws-server', host: '127.0.0.1', port: a.port });
  // the metadata goes back with the answers: b's answer is a binary frame because of $binary
  for (const pe of got) send(srv.sink!, `re: ${pe.event.data}`, pe.event.meta);
  send(srv.sink!, 'everyone');
  await until(t, 'answers', () => a.frames.length === 2 && b.frames.length === 2);
  t.same(a.frames, [
    { text: 're: text from a', binary: false },
    { text: 'everyone', binary: false },
  ]);
  t.same(b.frames, [
    { text: 're: binary from b', binary: true },
    { text: 'everyone', binary: false },
  ]);
  // a closed client is gone from the routes
  b.ws.close();
  await until(t, 'b closed', () => b.closed);
  // b's side closes first; its FIN is already sent, so the server sees the close within a few
  // event-loop turns (no amount of real time is needed)
  await settle();
  send(srv.sink!, 'for b', got[1].event.meta);
  await until(t, 'report', () => ctx.reports.length === 1);
  t.match(ctx.reports[0], /no open connection to the peer 127.0.0.1:\d+; the event is dropped/);
  // clean shutdown: the sink's end closes the websockets
  await srv.stop!();
  srv.sink!.end();
  await once(srv.sink!, 'finish');
  await until(t, 'a closed', () => a.closed);
});

t.test('server: bad messages go to err, the others are intact; non-UTF-8 answers go as binary', async (t) => {
  const srv = create(t, wsServer, fakeContext({ codec: 'json', alias: 'ws' }), { url: '127.0.0.1:0' }) as ListeningInstance;
  await srv.start!();
  const got = collect(srv.source!);
  const a = await peerClient(t, srv.port);
  for (const m of ['{"a":1}', '{oops', '{"b":2}']) a.ws.send(m);
  await until(t, 'three', () => got.length === 3);
  t.same(
    got.map((pe) => pe.port),
    ['out', 'err', 'out'],
  );
  t.match(got[1].event.data, { source: 'main::ws', line: 2, data: '{oops' });
  t.match(got[1].event.meta, { ws_server: { peer: { port: a.port } } });
  const bin = create(t, wsServer, fakeContext({ codec: 'binary' }), { url: '127.0.0.1:0' }) as ListeningInstance;
  await bin.start!();
  const c = await peerClient(t, bin.port);
  await settle(); // the server accepted before the client saw its answer; settle for certainty
  send(bin.sink!, new Uint8Array([0xff, 0x00]));
  send(bin.sink!, new Uint8Array([0x41]));
  await until(t, 'frames', () => c.frames.length === 2);
  t.same(
    c.frames.map((f) => f.binary),
    [true, false],
  );
});

t.test('client: both ways, then reconnects after the server restarts', async (t) => {
  let ps = await peerServer(t);
  const port = ps.port;
  const ctx = fakeContext({ codec: 'json', alias: 'cli' });
  const cli = create(t, wsClient, ctx, { url: `ws://127.0.0.1:${port}/feed`, reconnect: { retry: { interval_ms: 10, growth_rate: 3, randomized: false } } });
  await cli.start!();
  const got = collect(cli.source!);
  send(cli.sink!, { hello: 1 });
  await until(t, 'sent', () => ps.frames.length === 1);
  t.same(ps.frames, [{ text: '{"hello":1}', binary: false }]);
  ps.sockets[0].send('{"back":true}');
  await until(t, 'received', () => got.length === 1);
  t.same(got[0].event.meta, { ws_client: { tls: false, peer: { host: '127.0.0.1', port } } });
  t.same(got[0].event.origin, { scheme: 'tremor-ws-client', host: '127.0.0.1', port, path: ['feed'] });
  // the server goes away
  for (const ws of ps.sockets) ws.terminate();
  ps.wss.close();
  await until(t, 'lost', () => ctx.reports.length === 1);
  t.match(ctx.reports[0], /main::cli connector lost its connection to ws:\/\/127.0.0.1:\d+\/feed.*; reconnecting in 10 ms/);
  send(cli.sink!, { during: 1 });
  (ctx.clock as ManualClock).advance(10);
  await until(t, 'refused', () => ctx.reports.length === 2);
  t.match(ctx.reports[1], /reconnecting in 30 ms$/);
  ps = await peerServer(t, port);
  (ctx.clock as ManualClock).advance(30);
  await until(t, 'reconnected', () => ps.frames.length === 1);
  t.same(ps.frames, [{ text: '{"during":1}', binary: false }]);
  await cli.stop!();
  cli.sink!.end();
  await once(cli.sink!, 'finish');
});

t.test('client: a failing first connect rejects start', async (t) => {
  const ps = await peerServer(t);
  ps.wss.close();
  await once(ps.wss, 'close');
  const cli = create(t, wsClient, fakeContext({ codec: 'json', alias: 'cli' }), { url: `ws://127.0.0.1:${ps.port}` });
  await t.rejects(cli.start!(), { message: /^The main::cli connector cannot connect to ws:\/\/127.0.0.1:\d+\/: .*ECONNREFUSED/ });
});

t.test('deploy: a ws_server echo, answered per connection', async (t) => {
  let srv: ListeningInstance | null = null;
  const types = new Map<string, ConnectorType<any>>(connectorTypes);
  types.set('ws_server', { ...wsServer, create: (ctx, c) => (srv = wsServer.create(ctx, c) as ListeningInstance) });
  types.set('ws_client', wsClient);
  const h = deploy(
    `define flow main flow
      define connector echo from ws_server with codec = "json", config = {"url": "127.0.0.1:0"} end;
      define pipeline reply pipeline select {"you_said": event} from in into out; end;
      create connector echo; create pipeline reply;
      connect /connector/echo to /pipeline/reply;
      connect /pipeline/reply to /connector/echo;
    end;
    deploy flow main;`,
    { types },
  );
  await until(t, 'listening', () => (srv?.port ?? 0) > 0);
  const a = await peerClient(t, srv!.port);
  const b = await peerClient(t, srv!.port);
  a.ws.send('"a"');
  b.ws.send('"b1"');
  b.ws.send('"b2"');
  await until(t, 'echoes', () => a.frames.length === 1 && b.frames.length === 2);
  t.same(
    a.frames.map((f) => f.text),
    ['{"you_said":"a"}'],
  );
  t.same(
    b.frames.map((f) => f.text),
    ['{"you_said":"b1"}', '{"you_said":"b2"}'],
  );
  t.equal(await h.stop(), 0);
  await until(t, 'closed', () => a.closed && b.closed);
});

t.test('deploy: metronome ticks to a ws_client', async (t) => {
  const ps = await peerServer(t);
  const types = new Map<string, ConnectorType<any>>(connectorTypes);
  types.set('ws_client', wsClient);
  const h = deploy(
    `define flow main flow
      define connector tick from metronome with config = {"interval": 5} end;
      define connector out from ws_client with codec = "json", config = {"url": "ws://127.0.0.1:${ps.port}/ticks"} end;
      define pipeline ids pipeline select event.id from in where event.id < 3 into out; end;
      create connector tick; create connector out; create pipeline ids;
      connect /connector/tick to /pipeline/ids;
      connect /pipeline/ids to /connector/out;
    end;
    deploy flow main;`,
    { types },
  );
  await until(t, 'three ticks', () => ps.frames.length === 3);
  t.same(
    ps.frames.map((f) => f.text),
    ['0', '1', '2'],
  );
  const closed = once(ps.sockets[0], 'close');
  t.equal(await h.stop(), 0);
  await closed;
});
