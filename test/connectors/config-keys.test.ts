/**
 * Configuration keys that no other test gave, each with what it does: exit's `graceful`,
 * the listen queue (`backlog`) of unix_socket_server and ws_server, udp_client's
 * `socket_options`, the `dns` connector's `servers`, and the kind switches (`logs`, `metrics`,
 * `trace`) of otel_server and otel_client. Everything runs in this process over loopback;
 * waits are for conditions, never for time.
 */
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import * as packet from 'dns-packet';
import { deploy } from '../../src/app/deploy.js';
import type { ConnectorInstance, ConnectorType, PortEvent } from '../../src/connectors/connector.js';
import { exit } from '../../src/connectors/exit.js';
import { dgramOptions } from '../../src/connectors/net/socket-options.js';
import type { ListeningInstance } from '../../src/connectors/net/session-server.js';
import { otelClient, otelServer } from '../../src/connectors/otel/otel.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { udpClient } from '../../src/connectors/udp.js';
import { unixSocketServer } from '../../src/connectors/unix.js';
import { wsServer } from '../../src/connectors/ws.js';
import { newEvent } from '../../src/runtime/event.js';
import { parseJson } from '../../src/runtime/json.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { DEADLINE_MS, settle } from '../until.js';
import { probe, typesWith, sinkType } from '../flow/doubles.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { collect, until } from './wait.js';
import { freePort } from '../free-port.js';

function create<I extends ConnectorInstance>(t: Test, type: ConnectorType<any>, ctx: FakeContext, config: Value): I {
  const inst = type.create(ctx, type.validate(config)) as I;
  t.teardown(() => {
    inst.source?.destroy();
    inst.sink?.destroy();
  });
  return inst;
}

// ---------------------------------------------------------------------------------------------
// exit: `graceful`

/** a sink that records each event as it is handed one, and holds it until `open()` */
function gateSink() {
  const gate = { received: [] as Value[], held: [] as (() => void)[], isOpen: false };
  const type = sinkType('test_gate', (c, _ctx, done) => {
    gate.received.push(c.event.data);
    if (gate.isOpen) done();
    else gate.held.push(done);
  });
  const open = () => {
    gate.isOpen = true;
    for (const release of gate.held.splice(0)) release();
  };
  return { gate, type, open };
}

/**
 * A flow of many counted events into a sink that is shut, and the first of them into an exit
 * connector with `exitConfig`. The exit type is the real one; only its context is wrapped, to
 * see when it asks the runtime to stop.
 */
function exitFlow(exitConfig: string) {
  const p = probe();
  const g = gateSink();
  const requests: [number, boolean | undefined][] = [];
  const types = typesWith(p);
  types.set(g.type.name, g.type);
  types.set('exit', {
    ...exit,
    create: (ctx, config) =>
      exit.create(
        {
          ...ctx,
          exit: (code, graceful) => {
            requests.push([code, graceful]);
            ctx.exit(code, graceful);
          },
        },
        config,
      ),
  });
  const reports: unknown[] = [];
  const h = deploy(
    `define flow main flow
      define connector src from test_count with config = {"n": 1000} end;
      define connector slow from test_gate;
      define connector stop from exit with config = ${exitConfig} end;
      define pipeline all pipeline select event from in into out; end;
      define pipeline quit pipeline select {"exit": 0} from in where event == 0 into out; end;
      create connector src; create connector slow; create connector stop;
      create pipeline all; create pipeline quit;
      connect /connector/src to /pipeline/all;
      connect /pipeline/all to /connector/slow;
      connect /connector/src to /pipeline/quit;
      connect /pipeline/quit to /connector/stop;
    end;
    deploy flow main;`,
    { types, report: (m) => reports.push(m), drainTimeoutMs: DEADLINE_MS },
  );
  let stopped = false;
  void h.done.then(() => (stopped = true));
  return { p, g, requests, reports, h, stopped: () => stopped };
}

t.test('exit `graceful: false` stops at once: what is still in flight is dropped, not drained', async (t) => {
  const f = exitFlow('{"graceful": false}');
  // the sink holds the first event, so nothing can drain; the deployment ends anyway
  await until(t, 'the deployment to end while the sink holds an event', f.stopped);
  t.equal(await f.h.done, 0);
  t.same(f.requests, [[0, false]], 'the exit connector asked for a forceful stop');
  t.equal(f.g.gate.received.length, 1, 'the sink never got past the event it held');
  t.ok(f.p.produced > 1, `the ${f.p.produced - 1} other events the source produced were dropped`);
  t.same(f.reports, []);
});

t.test('exit `graceful: true` (the default) drains: the deployment ends only once the sink has everything', async (t) => {
  const f = exitFlow('{"graceful": true}');
  await until(t, 'the exit request', () => f.requests.length === 1);
  t.same(f.requests, [[0, true]], 'the exit connector asked for a graceful stop');
  await settle();
  t.notOk(f.stopped(), 'while the sink holds an event the deployment waits for it');
  f.g.open();
  t.equal(await f.h.done, 0);
  t.ok(f.p.produced > 1);
  t.equal(f.g.gate.received.length, f.p.produced, 'every event the source produced reached the sink');
  t.same(
    f.g.gate.received,
    Array.from({ length: f.p.produced }, (_, i) => i),
    'in order',
  );
  t.same(f.reports, [], 'drained in time, nothing lost');
});

// ---------------------------------------------------------------------------------------------
// `backlog` (unix_socket_server, ws_server): the listen queue asked of the kernel

/** records the options of every net.Server listen() call while the test runs */
function spyOnListen(t: Test): net.ListenOptions[] {
  const seen: net.ListenOptions[] = [];
  const original = net.Server.prototype.listen;
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    if (args[0] !== null && typeof args[0] === 'object') seen.push({ ...(args[0] as net.ListenOptions) });
    return Reflect.apply(original, this, args) as net.Server;
  } as typeof original;
  t.teardown(() => void (net.Server.prototype.listen = original));
  return seen;
}

const hasSs = spawnSync('ss', ['-V']).status === 0;

/** the listen queue the kernel holds for a listening socket (`ss`'s Send-Q of a LISTEN line) */
function kernelBacklog(args: string[]): number | null {
  const r = spawnSync('ss', ['-lH', ...args], { encoding: 'utf8' });
  const words = (r.stdout ?? '').trim().split(/\s+/);
  const i = words.indexOf('LISTEN');
  return i >= 0 ? Number(words[i + 2]) : null;
}

function tmpSocket(t: Test): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'tremor-keys-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 's.sock');
}

t.test('unix_socket_server `backlog` is the listen queue of its socket', async (t) => {
  const seen = spyOnListen(t);
  const path = tmpSocket(t);
  const srv = create<ListeningInstance>(t, unixSocketServer, fakeContext({ codec: 'string', alias: 'srv' }), { path, backlog: 3 });
  await srv.start!();
  t.match(seen, [{ path, backlog: 3 }], 'listen() is asked for a queue of 3');
  t.equal(seen.length, 1);
  t.test('as the kernel has it', { skip: !hasSs && 'no `ss` here' }, async (t) => {
    t.equal(kernelBacklog(['-x', 'src', path]), 3);
  });
  // and it serves
  const got = collect(srv.source!);
  const c = net.connect({ path });
  t.teardown(() => void c.destroy());
  await once(c, 'connect');
  c.write('hi');
  await until(t, 'the bytes', () => got.length === 1);
  t.equal(got[0].event.data, 'hi');
  await srv.stop!();
});

t.test('ws_server `backlog` is the listen queue of its socket', async (t) => {
  const seen = spyOnListen(t);
  const srv = create<ListeningInstance>(t, wsServer, fakeContext({ codec: 'string', alias: 'ws' }), { url: '127.0.0.1:0', backlog: 5 });
  await srv.start!();
  t.match(seen, [{ host: '127.0.0.1', port: 0, backlog: 5 }], 'listen() is asked for a queue of 5');
  t.equal(seen.length, 1);
  t.ok(srv.port > 0);
  t.test('as the kernel has it', { skip: !hasSs && 'no `ss` here' }, async (t) => {
    t.equal(kernelBacklog(['-tn', `sport = :${srv.port}`]), 5);
  });
  await srv.stop!();
});

// ---------------------------------------------------------------------------------------------
// udp_client `socket_options`: whether it may bind a port another socket holds

/** a UDP socket on loopback that records each datagram with the port it came from */
async function receiver(t: Test) {
  const socket = dgram.createSocket('udp4');
  const r = { got: [] as { text: string; from: number }[], port: 0 };
  socket.on('message', (m, rinfo) => r.got.push({ text: m.toString(), from: rinfo.port }));
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  r.port = socket.address().port;
  t.teardown(() => socket.close());
  return r;
}

/** a UDP port on loopback held by a socket that allows sharing it (SO_REUSEADDR and SO_REUSEPORT) */
async function heldPort(t: Test): Promise<number> {
  const socket = dgram.createSocket({ type: 'udp4', ...dgramOptions({ reuseAddr: true, reusePort: true }) });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  t.teardown(() => socket.close());
  return socket.address().port;
}

t.test('udp_client `socket_options`: SO_REUSEADDR / SO_REUSEPORT let it send from a port another socket holds', async (t) => {
  const r = await receiver(t);
  for (const [options, label] of [
    [{ SO_REUSEADDR: true }, 'SO_REUSEADDR'],
    [{ SO_REUSEADDR: false, SO_REUSEPORT: true }, 'SO_REUSEPORT'],
  ] as const) {
    const port = await heldPort(t);
    const ctx = fakeContext({ codec: 'string', alias: 'udp' });
    const cli = create<ConnectorInstance>(t, udpClient, ctx, { url: `127.0.0.1:${r.port}`, bind: `127.0.0.1:${port}`, socket_options: options });
    await cli.start!();
    cli.sink!.write({ port: 'in', event: newEvent(label, 0) });
    await until(t, `the datagram sent with ${label}`, () => r.got.some((g) => g.text === label));
    t.same(
      r.got.find((g) => g.text === label),
      { text: label, from: port },
      `with ${label} it binds the held port and sends from it`,
    );
    cli.sink!.end();
    await finished(cli.sink!);
    t.same(ctx.reports, []);
  }
  const port = await heldPort(t);
  const cli = create<ConnectorInstance>(t, udpClient, fakeContext({ codec: 'string', alias: 'udp' }), {
    url: `127.0.0.1:${r.port}`,
    bind: `127.0.0.1:${port}`,
    socket_options: { SO_REUSEADDR: false, SO_REUSEPORT: false },
  });
  await t.rejects(cli.start!(), { message: new RegExp(`^The main::udp connector cannot bind 127.0.0.1:${port}: .*EADDRINUSE`) }, 'with neither, the held port is refused');
});

// ---------------------------------------------------------------------------------------------
// dns (the `dns` name of dns_client): `servers`

/** a DNS responder on loopback that knows one name, and records the questions it gets */
async function responder(t: Test) {
  const sock = dgram.createSocket('udp4');
  const queries: string[] = [];
  sock.on('message', (msg, rinfo) => {
    const q = packet.decode(msg);
    const question = q.questions![0];
    queries.push(`${question.type} ${question.name}`);
    const known = question.name.toLowerCase() === 'tremor.test';
    const answers: packet.Answer[] = known && question.type === 'A' ? [{ type: 'A', name: 'tremor.test', ttl: 300, data: '10.1.2.3' }] : [];
    const reply = packet.encode({
      id: q.id,
      type: 'response',
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (known ? 0 : 3),
      questions: q.questions,
      answers,
    });
    sock.send(reply, rinfo.port, rinfo.address);
  });
  sock.bind(0, '127.0.0.1');
  await once(sock, 'listening');
  t.teardown(() => sock.close());
  return { server: `127.0.0.1:${sock.address().port}`, queries };
}

t.test('dns `servers`: a deployed `dns` connector asks the given name server', async (t) => {
  const r = await responder(t);
  const p = probe();
  const reports: unknown[] = [];
  // `tremor.test` is a reserved name no real resolver answers: only the responder knows it
  const h = deploy(
    `define flow main flow
      define connector src from test_count with config = {"n": 1} end;
      define connector resolver from dns with config = {"servers": ["${r.server}"]} end;
      define connector dst from test_record;
      define pipeline ask pipeline
        define script q script let $dns = {"lookup": {"name": "tremor.test", "type": "A"}}; event end;
        create script q;
        select event from in into q;
        select event from q into out;
      end;
      define pipeline answers pipeline select event from in into out; end;
      create connector src; create connector resolver; create connector dst;
      create pipeline ask; create pipeline answers;
      connect /connector/src to /pipeline/ask;
      connect /pipeline/ask to /connector/resolver;
      connect /connector/resolver/out to /pipeline/answers/in;
      connect /connector/resolver/err to /pipeline/answers/in;
      connect /pipeline/answers to /connector/dst;
    end;
    deploy flow main;`,
    { types: typesWith(p), report: (m) => reports.push(m) },
  );
  t.equal(await h.done, 0);
  t.same(r.queries, ['A tremor.test'], 'the configured server got the question');
  t.same(p.received, [[{ A: '10.1.2.3', ttl: 300 }]], "and its answer is the connector's");
  t.same(reports, []);
});

// ---------------------------------------------------------------------------------------------
// otel_server / otel_client: `logs`, `metrics`, `trace`

type Kind = 'logs' | 'metrics' | 'trace';
const KINDS: readonly Kind[] = ['logs', 'metrics', 'trace'];

const PAYLOAD: Record<Kind, Rec> = {
  logs: parseJson('{"logs":[{"instrumentation_library_logs":[{"logs":[{"body":"snot"}]}]}]}') as Rec,
  metrics: parseJson('{"metrics":[{"instrumentation_library_metrics":[{"metrics":[{"name":"g","data":{"gauge":{"data_points":[{"value":42}]}}}]}]}]}') as Rec,
  trace: parseJson('{"trace":[{"instrumentation_library_spans":[{"spans":[{"name":"q","trace_id":"52c0d1949a4c908818f9e0d1fcfad17e","span_id":"afe8d471fad0ef7c"}]}]}]}') as Rec,
};

/** what arrived, by the one part that made it: its kind and its label (log body, metric or span name) */
function summary(data: Value): string {
  const r = data as any;
  if (r.logs) return `logs ${r.logs[0].instrumentation_library_logs[0].logs[0].body}`;
  if (r.metrics) return `metrics ${r.metrics[0].instrumentation_library_metrics[0].metrics[0].name}`;
  if (r.trace) return `trace ${r.trace[0].instrumentation_library_spans[0].spans[0].name}`;
  return `other ${Object.keys(r).join(',')}`;
}
const SUMMARY: Record<Kind, string> = { logs: 'logs snot', metrics: 'metrics g', trace: 'trace q' };

/** an otel_server (`config` besides its url) and an otel_client to it (`clientConfig` besides the url) */
async function otelPair(t: Test, serverConfig: Rec, clientConfig: Rec) {
  const url = `127.0.0.1:${await freePort()}`;
  const sctx = fakeContext({ codec: null, alias: 'server' });
  const server = create<Required<Pick<ConnectorInstance, 'source' | 'start' | 'stop'>>>(t, otelServer, sctx, { url, ...serverConfig });
  const got: PortEvent[] = [];
  server.source.on('data', (c: PortEvent) => got.push(c));
  await server.start();
  const cctx = fakeContext({ codec: null, alias: 'client' });
  const client = create<Required<Pick<ConnectorInstance, 'sink' | 'start'>>>(t, otelClient, cctx, { url, ...clientConfig });
  await client.start();
  const send = (v: Value) => client.sink.write({ port: 'in', event: newEvent(v, 0n) });
  const close = async () => {
    client.sink.end();
    await finished(client.sink);
    await server.stop();
    await until(t, 'the server source ends', () => server.source.readableEnded);
  };
  return { sctx, cctx, got, send, close };
}

for (const on of KINDS) {
  const off = KINDS.filter((k) => k !== on);
  t.test(`otel_server with only \`${on}\` on serves ${on}; ${off.join(' and ')} are answered, dropped and reported`, async (t) => {
    const config = { logs: on === 'logs', metrics: on === 'metrics', trace: on === 'trace' };
    const o = await otelPair(t, config, {});
    // the client exports one event at a time, each once the last was answered: when the last
    // (the kind that is on) arrives, the server has answered the two before it
    for (const k of off) o.send(PAYLOAD[k]);
    o.send(PAYLOAD[on]);
    await until(t, `the ${on} export`, () => o.got.length === 1);
    t.same(
      o.got.map((c) => summary(c.event.data)),
      [SUMMARY[on]],
      `only ${on} reached the flow`,
    );
    t.same(o.sctx.reports, ['main::server Source received event when support is disabled. Dropping.', 'main::server Source received event when support is disabled. Dropping.'], 'one warning per dropped export');
    t.same(o.cctx.reports, [], 'the dropped exports were answered OK: the client saw no failure');
    await o.close();
  });

  t.test(`otel_client with only \`${on}\` on exports ${on} alone; ${off.join(' and ')} are not sent`, async (t) => {
    const config = { logs: on === 'logs', metrics: on === 'metrics', trace: on === 'trace' };
    const o = await otelPair(t, {}, config);
    for (const k of off) o.send(PAYLOAD[k]);
    // a payload with every kind: the one that is on is what is exported
    o.send({ ...PAYLOAD.metrics, ...PAYLOAD.logs, ...PAYLOAD.trace });
    o.send(PAYLOAD[on]);
    await until(t, `both ${on} exports`, () => o.got.length === 2);
    t.same(
      o.got.map((c) => summary(c.event.data)),
      [SUMMARY[on], SUMMARY[on]],
      `the server (all kinds on) only ever got ${on}`,
    );
    t.same(o.cctx.reports, ['main::client: Invalid or disabled otel payload', 'main::client: Invalid or disabled otel payload'], 'the client reported the payloads it would not send');
    t.same(o.sctx.reports, []);
    await o.close();
  });
}

t.test('the types used here are the registered ones', async (t) => {
  for (const type of [exit, unixSocketServer, wsServer, udpClient, otelServer, otelClient]) t.equal(connectorTypes.get(type.name), type);
  t.equal(connectorTypes.get('dns')?.name, 'dns');
});
