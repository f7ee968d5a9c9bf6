/**
 * A server with several peers must not let one of them hold up the others: a client that
 * never reads what it is sent fills its own bounded queue (`max_queued_bytes`) and is
 * disconnected, while every other client keeps receiving its answers. The producer below
 * honours the sink's backpressure exactly as a flow does (`write()` false → wait for 'drain'),
 * so a stall of the sink stalls it too, and the fast client's answers stop.
 */
import t, { type Test } from 'tap';
import net from 'node:net';
import os from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as turn } from 'node:timers/promises';
import { WebSocket } from 'ws';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ConnectorType, PortEvent } from '../../src/connectors/connector.js';
import { tcpServer, type ListeningInstance } from '../../src/connectors/tcp.js';
import { unixSocketServer } from '../../src/connectors/unix.js';
import { wsServer } from '../../src/connectors/ws.js';
import { newEvent } from '../../src/runtime/event.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { fakeContext, type FakeContext } from '../connectors/fake-context.js';
import { until } from '../until.js';

const lines = { codec: 'string', pre: ['separate'], post: ['separate'], alias: 'srv' };

/** a client as the test sees it: it says something, stops reading, and shows what it got as lines */
interface Client {
  say(line: string): void;
  pause(): void;
  text(): string;
}

async function netClient(t: Test, opts: net.NetConnectOpts): Promise<Client> {
  const socket = net.connect(opts);
  await once(socket, 'connect');
  t.teardown(() => void socket.destroy());
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.on('error', () => {});
  return { say: (l) => socket.write(`${l}\n`), pause: () => socket.pause(), text: () => text };
}

/** a websocket client: each message is a line */
async function wsClient(t: Test, url: string): Promise<Client> {
  const ws = new WebSocket(url);
  await once(ws, 'open');
  t.teardown(() => ws.terminate());
  let text = '';
  ws.on('message', (m) => (text += `${m}\n`));
  ws.on('error', () => {});
  return { say: (l) => ws.send(l), pause: () => ws.pause(), text: () => text };
}

function server<C>(t: Test, type: ConnectorType<C>, ctx: FakeContext, config: Value): ListeningInstance {
  const inst = type.create(ctx, type.validate(config)) as ListeningInstance;
  t.teardown(() => {
    inst.source!.destroy();
    inst.sink!.destroy();
  });
  return inst;
}

/** writes one event, waiting (as a flow does) while the sink is full */
async function put(sink: Writable, data: Value, meta: Rec): Promise<void> {
  if (!sink.write({ port: 'in', event: newEvent(data, 0, 0, meta) })) await once(sink, 'drain');
}

/**
 * Two clients say hello; `slow` then never reads. Events alternate between a large one for the
 * slow client and a numbered line for the fast one, until the server reports the slow one
 * disconnected; the fast one must have every line, in order.
 */
async function slowAndFast(t: Test, srv: ListeningInstance, ctx: FakeContext, connect: () => Promise<Client>) {
  await srv.start!();
  const got: PortEvent[] = [];
  srv.source!.on('data', (pe: PortEvent) => got.push(pe));
  const slow = await connect();
  const fast = await connect();
  slow.say('slow');
  await until(t, 'hello from slow', () => got.length === 1);
  fast.say('fast');
  await until(t, 'hello from fast', () => got.length === 2);
  const [slowMeta, fastMeta] = got.map((pe) => pe.event.meta);
  // never read again: the kernel's buffers fill, then the server's queue for this peer
  slow.pause();
  const big = 'x'.repeat(64 * 1024);
  let sent = 0;
  const dropped = () => ctx.reports.some((r) => /max_queued_bytes/.test(r));
  // in the background, so that a stalled sink fails the `until` below instead of hanging
  const producer = (async () => {
    while (!dropped()) {
      await put(srv.sink!, big, slowMeta);
      await put(srv.sink!, `line ${sent++}`, fastMeta);
      // a sink that never has to wait calls back at once: let the sockets have their turn
      await turn();
    }
  })();
  await until(t, 'the slow peer disconnected, the sink still taking events', dropped);
  await producer;
  await put(srv.sink!, 'done', fastMeta);
  await until(t, 'every line for the fast client', () => fast.text().endsWith('done\n'));
  const expected = Array.from({ length: sent }, (_, i) => `line ${i}\n`).join('');
  t.equal(fast.text(), `${expected}done\n`, `all ${sent} lines, in order`);
  t.match(
    ctx.reports.find((r) => /max_queued_bytes/.test(r)),
    /main::srv: .*disconnected/,
    'the slow peer is reported and dropped',
  );
  // the slow peer is gone: what is routed to it now is reported, not queued
  await put(srv.sink!, big, slowMeta);
  await until(t, 'the event for the gone peer reported', () => ctx.reports.some((r) => /no open connection to the peer/.test(r)));
}

t.test('tcp_server: a client that never reads is disconnected; the other keeps getting its answers', async (t) => {
  const ctx = fakeContext(lines);
  const srv = server(t, tcpServer, ctx, { url: '127.0.0.1:0', max_queued_bytes: 256 * 1024 });
  await slowAndFast(t, srv, ctx, () => netClient(t, { host: '127.0.0.1', port: srv.port }));
});

t.test('unix_socket_server: the same', async (t) => {
  const ctx = fakeContext(lines);
  const dir = mkdtempSync(join(os.tmpdir(), 'tremor-slow-peer-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 's.sock');
  const srv = server(t, unixSocketServer, ctx, { path, max_queued_bytes: 256 * 1024 });
  await slowAndFast(t, srv, ctx, () => netClient(t, { path }));
});

t.test('ws_server: the same', async (t) => {
  const ctx = fakeContext({ codec: 'string', alias: 'srv' });
  const srv = server(t, wsServer, ctx, { url: '127.0.0.1:0', max_queued_bytes: 256 * 1024 });
  await slowAndFast(t, srv, ctx, () => wsClient(t, `ws://127.0.0.1:${srv.port}`));
});

t.test('the bound is configuration, with a default; null keeps waiting for every peer', async (t) => {
  for (const type of [tcpServer, unixSocketServer, wsServer] as ConnectorType<unknown>[]) {
    const base: Rec = type.name === 'unix_socket_server' ? { path: '/tmp/x.sock' } : { url: '127.0.0.1:0' };
    t.match(type.validate(base), { maxQueuedBytes: Number }, `${type.name}: a default bound`);
    t.match(type.validate({ ...base, max_queued_bytes: null }), { maxQueuedBytes: null }, `${type.name}: no bound`);
    t.throws(() => type.validate({ ...base, max_queued_bytes: 0 }), /`max_queued_bytes`/, type.name);
  }
});
