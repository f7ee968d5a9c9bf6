/**
 * The jetstream connector when its server goes away and comes back (issue #16, bad input and
 * outages): the circuit breaker opens while the server is gone, the client reconnects, the
 * breaker closes, the durable consumer goes on pulling where it was and the sink publishes
 * again — nothing acked is lost (file storage survives the restart). Waits are for conditions.
 */
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { ManualClock } from '../../src/base/clock.js';
import type { ConnectorContext, ConnectorInstance } from '../../src/connectors/connector.js';
import { jetstreamConnector } from '../../src/connectors/jetstream.js';
import { newEvent } from '../../src/runtime/event.js';
import { ackTx, txOf, type Tx } from '../../src/runtime/tx.js';
import type { Value } from '../../src/runtime/value.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { natsServer, type NatsServer } from './nats-server.js';
import { collect, until } from './wait.js';

type Ctx = FakeContext & { breakers: boolean[] };

function ctxOf(alias: string): Ctx {
  const breakers: boolean[] = [];
  const reconnect: ConnectorContext['reconnect'] = { retry: { interval_ms: 20, randomized: false } } as ConnectorContext['reconnect'];
  return { ...fakeContext({ alias }), breaker: (open: boolean) => void breakers.push(open), breakers, reconnect };
}

async function jsServer(t: Test): Promise<NatsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'jetstream-restart-'));
  const server = await natsServer(t, { args: ['-js', '-sd', dir] });
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return server;
}

function connector(t: Test, ctx: Ctx, config: Value): ConnectorInstance {
  const inst = jetstreamConnector.create(ctx, jetstreamConnector.validate(config));
  t.teardown(() => {
    inst.source?.destroy();
    inst.sink?.destroy();
  });
  return inst;
}

function send(sink: Writable, data: Value, tx: Tx): void {
  sink.write({ port: 'in', event: { ...newEvent(data, 0, 0, {}), tx } });
}

t.test('the server restarts: breakers open and close, consuming and publishing go on', async (t) => {
  const s = await jsServer(t);
  const base = { hosts: [s.host], stream: 'EVENTS', subjects: ['events.>'], options: { max_reconnects: 100000 } };
  const pubCtx = ctxOf('pub');
  const pub = connector(t, pubCtx, { ...base, subject: 'events.in' });
  await pub.listen!();
  await pub.start!();
  const subCtx = ctxOf('sub');
  const sub = connector(t, subCtx, { ...base, consumer: 'reader', ack_wait_ms: 60000 });
  const got = collect(sub.source!);
  await sub.listen!();
  await sub.start!();
  // the sink side acks every event it gets
  sub.source!.on('data', (pe) => queueMicrotask(() => ackTx(pe.event.tx)));
  const log: string[] = [];
  const source = { ack: (_s: number, pull: number) => void log.push(`ack ${pull}`), fail: (_s: number, pull: number) => void log.push(`fail ${pull}`) };
  for (let i = 0; i < 5; i++) send(pub.sink!, { i }, txOf(source, 0, i));
  await until(t, 'five consumed', () => got.length === 5);

  await s.kill();
  await until(t, 'both breakers open', () => pubCtx.breakers.at(-1) === true && subCtx.breakers.at(-1) === true);
  // published while the server is away: held, not acked
  send(pub.sink!, { i: 5 }, txOf(source, 0, 5));

  await s.restart();
  await until(t, 'both breakers closed', () => pubCtx.breakers.at(-1) === false && subCtx.breakers.at(-1) === false);
  t.match(pubCtx.reports.join('\n'), /lost its connection[\s\S]*reconnected/, 'the outage is reported');
  for (let i = 6; i < 10; i++) send(pub.sink!, { i }, txOf(source, 0, i));
  await until(t, 'every event consumed once more after the restart', () => new Set(got.map((pe) => (pe.event.data as { i: number }).i)).size === 10);
  await until(t, 'every publication acked', () => log.filter((l) => l.startsWith('ack')).length === 10);
  t.same(
    [...new Set(got.map((pe) => (pe.event.data as { i: number }).i))].sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    'nothing lost',
  );
  t.notOk(
    log.some((l) => l.startsWith('fail')),
    'no publication failed',
  );
});

t.test('the server restarts under a partitioned source: it holds its partitions again and goes on reading them', async (t) => {
  const s = await jsServer(t);
  const base = { hosts: [s.host], stream: 'EVENTS', subjects: ['events.*'], subject: 'events', partitions: 2, options: { max_reconnects: 100000 } };
  const pubCtx = ctxOf('pub');
  const pub = connector(t, pubCtx, base);
  await pub.listen!();
  await pub.start!();
  const subCtx = ctxOf('sub');
  const sub = connector(t, subCtx, { ...base, consumer: 'reader', lease_ms: 3000, ack_wait_ms: 60000, status_interval_ms: 1000 });
  const got = collect(sub.source!);
  await sub.listen!();
  await sub.start!();
  sub.source!.on('data', (pe) => queueMicrotask(() => ackTx(pe.event.tx)));
  const clock = subCtx.clock as ManualClock;
  const holds = (line: RegExp) => subCtx.reports.some((r) => line.test(r));
  // the lease rounds run on the manual clock: membership first, then the claims
  await until(t, 'both partitions held', () => {
    clock.advance(1000);
    return holds(/partitions 0,1 of 2/);
  });
  const log: string[] = [];
  const source = { ack: (_s: number, pull: number) => void log.push(`ack ${pull}`), fail: (_s: number, pull: number) => void log.push(`fail ${pull}`) };
  const keyed = (i: number) => pub.sink!.write({ port: 'in', event: { ...newEvent({ i }, 0, 0, { jetstream: { key: `k${i}` } }), tx: txOf(source, 0, i) } });
  for (let i = 0; i < 10; i++) keyed(i);
  await until(t, 'ten consumed', () => got.length === 10);

  await s.kill();
  await until(t, 'the breaker open', () => subCtx.breakers.at(-1) === true);
  await s.restart();
  await until(t, 'the breaker closed', () => subCtx.breakers.at(-1) === false && pubCtx.breakers.at(-1) === false);
  for (let i = 10; i < 20; i++) keyed(i);
  const reports = subCtx.reports.length;
  await until(t, 'the ten after the restart consumed', () => {
    clock.advance(1000);
    return new Set(got.map((pe) => (pe.event.data as { i: number }).i)).size === 20;
  });
  t.ok(
    subCtx.reports.slice(reports).some((r) => /partitions 0,1 of 2/.test(r)),
    'both partitions held after the restart',
  );
  t.same(new Set(got.map((pe) => (pe.event.meta.jetstream as { partition: number }).partition)), new Set([0, 1]), 'read from both partitions');
});
