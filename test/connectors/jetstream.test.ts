/**
 * The jetstream connector against a real `nats-server -js` of each test's own (nats-server.ts,
 * storage in a temporary directory): the configuration, publications acked on the server's
 * PubAck, a durable consumer whose messages are acked by the sinks' acks and redelivered after
 * their fails, bad input acked to `err`, and a second connector continuing where the first
 * left off. Waits are for conditions, never for time.
 */
import t, { type Test } from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { ConnectorInstance, PortEvent } from '../../src/connectors/connector.js';
import { jetstreamConnector } from '../../src/connectors/jetstream.js';
import { leaseBucket, nakDelay } from '../../src/connectors/jetstream/config.js';
import { newEvent } from '../../src/runtime/event.js';
import { ackTx, failTx, txOf, type Tx } from '../../src/runtime/tx.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { fakeContext } from './fake-context.js';
import { natsServer, type NatsServer } from './nats-server.js';
import { collect, until } from './wait.js';

async function jsServer(t: Test): Promise<NatsServer> {
  const dir = mkdtempSync(join(tmpdir(), 'jetstream-'));
  const server = await natsServer(t, { args: ['-js', '-sd', dir] });
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return server;
}

async function connector(t: Test, config: Value, alias = 'js'): Promise<ConnectorInstance & { reports: string[] }> {
  const ctx = fakeContext({ alias });
  const inst = jetstreamConnector.create(ctx, jetstreamConnector.validate(config));
  t.teardown(() => {
    inst.source?.destroy();
    inst.sink?.destroy();
  });
  return Object.assign(inst, { reports: ctx.reports });
}

/** starts a connector used only as a sink (its source is not read) */
async function sinkOnly(t: Test, config: Value): Promise<ConnectorInstance> {
  const inst = await connector(t, config, 'pub');
  await inst.listen!();
  await inst.start?.();
  return inst;
}

/** starts a connector whose source is read; every event is kept */
async function reading(t: Test, config: Value, alias = 'sub'): Promise<{ inst: ConnectorInstance; got: PortEvent[]; reports: string[] }> {
  const inst = await connector(t, config, alias);
  const got = collect(inst.source!);
  await inst.listen!();
  await inst.start?.();
  return { inst, got, reports: inst.reports };
}

function answers() {
  const log: string[] = [];
  const source = { ack: (_s: number, pull: number) => void log.push(`ack ${pull}`), fail: (_s: number, pull: number) => void log.push(`fail ${pull}`) };
  return { log, tx: (pull: number): Tx => txOf(source, 0, pull) };
}

function send(sink: Writable, data: Value, meta: Rec = {}, tx: Tx | null = null): void {
  sink.write({ port: 'in', event: { ...newEvent(data, 0, 0, meta), tx } });
}

async function consumerInfo(server: NatsServer, stream: string, consumer: string) {
  const nc = await connect({ servers: server.host });
  try {
    return await (await jetstreamManager(nc)).consumers.info(stream, consumer);
  } finally {
    await nc.close();
  }
}

async function publishRaw(server: NatsServer, subject: string, data: string): Promise<void> {
  const nc = await connect({ servers: server.host });
  try {
    await jetstream(nc).publish(subject, data);
  } finally {
    await nc.close();
  }
}

/** polls `get` until its result satisfies `ok` (a server's state, asked over the network) */
async function settled<T>(t: Test, what: string, get: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let last: T | null = null;
  let busy = false;
  await until(t, what, () => {
    if (last !== null && ok(last)) return true;
    if (!busy) {
      busy = true;
      void get().then((v) => {
        last = v;
        busy = false;
      });
    }
    return false;
  });
  return last as T;
}

t.test('configuration', async (t) => {
  const c = jetstreamConnector.validate({ hosts: ['h'], stream: 'S' });
  t.same([c.deliver, c.max_ack_pending, c.ack_wait_ms, c.nak_delay_ms, c.consumer, c.subject], [{ kind: 'all' }, 1000, 30000, 1000, undefined, undefined]);
  const full = jetstreamConnector.validate({
    hosts: ['h:1'],
    stream: 'S',
    subjects: ['a.>'],
    subject: 'a.b',
    consumer: 'c',
    filter_subject: 'a.*',
    deliver: { seq: 3 },
    max_ack_pending: 5,
    ack_wait_ms: 100,
    nak_delay_ms: 10,
    options: { name: 'n' },
  });
  t.same([full.subjects, full.deliver, full.filter_subject], [['a.>'], { kind: 'seq', seq: 3 }, 'a.*']);
  t.same(jetstreamConnector.validate({ hosts: ['h'], stream: 'S', deliver: 'new' }).deliver, { kind: 'new' });
  t.same(jetstreamConnector.validate({ hosts: ['h'], stream: 'S', deliver: { time: '2024-01-02T03:04:05Z' } }).deliver, { kind: 'time', time: '2024-01-02T03:04:05Z' });
  t.throws(() => jetstreamConnector.validate({ hosts: ['h'], stream: 'S', deliver: 'last' }), /`deliver` must be "all", "new"/);
  t.throws(() => jetstreamConnector.validate({ hosts: ['h'], stream: 'S', deliver: { time: 'yesterday' } }), /`deliver` must be/);
  t.throws(() => jetstreamConnector.validate({ hosts: ['h'], stream: 'a.b' }), /`stream` must be a name/);
  t.throws(() => jetstreamConnector.validate({ hosts: ['h'] }), { name: 'ConfigError', message: /Missing configuration key `stream`/ });
  t.throws(() => jetstreamConnector.validate({ hosts: ['h'], stream: 'S', topic: 'x' }), { name: 'ConfigError', message: /Unknown configuration key `topic`/ });
  t.throws(() => jetstreamConnector.validate({ hosts: ['h'], stream: 'S', options: { username: 'u' } }), { name: 'ConfigError', message: /`options.username` needs `options.password`/ });
  t.same([nakDelay(1000, 1), nakDelay(1000, 2), nakDelay(1000, 3), nakDelay(1000, 10)], [1000, 2000, 4000, 30000]);
  // keyed partitions: the source reads <subject>.<p>; leases live lease_ms in lease_bucket
  const keyed = jetstreamConnector.validate({ hosts: ['h'], stream: 'S~x', consumer: 'c~1', subject: 'k', partitions: 8 });
  t.same([keyed.partitions, keyed.lease_ms, leaseBucket(keyed)], [8, 10000, 'S_x_c_1_leases'], 'the default bucket: stream and consumer, KV-safe');
  const named = jetstreamConnector.validate({ hosts: ['h'], stream: 'S', consumer: 'c', subject: 'k', partitions: 2, lease_ms: 5000, lease_bucket: 'my-leases' });
  t.same([named.lease_ms, leaseBucket(named)], [5000, 'my-leases']);
  t.throws(() => jetstreamConnector.validate({ hosts: ['h'], stream: 'S', consumer: 'c', partitions: 8 }), { name: 'ConfigError', message: /`partitions` with a `consumer` needs `subject`/ });
  t.throws(() => jetstreamConnector.validate({ hosts: ['h'], stream: 'S', consumer: 'c', subject: 'k', filter_subject: 'k.1', partitions: 8 }), {
    name: 'ConfigError',
    message: /`filter_subject` cannot be used with `partitions`/,
  });
  t.throws(() => jetstreamConnector.validate({ hosts: ['h'], stream: 'S', lease_bucket: 'a.b' }), /`lease_bucket` must be a bucket name/);
  t.throws(() => jetstreamConnector.validate({ hosts: ['h'], stream: 'S', lease_ms: 10 }), /lease_ms/);
});

t.test('the sink publishes 100 events to a stream it creates, each acked on its PubAck; a durable consumer reads them all and acks them', async (t) => {
  const server = await jsServer(t);
  const pub = await sinkOnly(t, { hosts: [server.host], stream: 'EVENTS', subjects: ['events.>'], subject: 'events.in' });
  const a = answers();
  for (let i = 0; i < 100; i++) send(pub.sink!, { i }, i < 50 ? { jetstream: { msg_id: `m${i}` } } : {}, a.tx(i));
  await until(t, '100 acks', () => a.log.length === 100);
  t.same(
    a.log,
    Array.from({ length: 100 }, (_, i) => `ack ${i}`),
  );
  // a replayed event with the same msg_id is stored once (acked: the server knows it)
  send(pub.sink!, { i: 0 }, { jetstream: { msg_id: 'm0' } }, a.tx(100));
  await until(t, 'the duplicate is acked', () => a.log.length === 101);
  const nc = await connect({ servers: server.host });
  const info = await (await jetstreamManager(nc)).streams.info('EVENTS');
  await nc.close();
  t.equal(info.state.messages, 100);
  t.same(info.config.subjects, ['events.>']);

  const sub = await reading(t, { hosts: [server.host], stream: 'EVENTS', consumer: 'reader', filter_subject: 'events.in', max_ack_pending: 20, ack_wait_ms: 60000 });
  const { got } = sub;
  // nothing is acked before a sink says so: max_ack_pending holds the rest back
  await until(t, '20 events', () => got.length === 20);
  t.equal((await consumerInfo(server, 'EVENTS', 'reader')).num_ack_pending, 20);
  t.equal(got.length, 20);
  // a recording sink that acks what it gets, from now on
  let acked = 0;
  const ackAll = () => {
    for (; acked < got.length; acked++) ackTx(got[acked].event.tx);
  };
  ackAll();
  sub.inst.source!.on('data', () => queueMicrotask(ackAll));
  await until(t, '100 events', () => got.length === 100);
  t.same(
    got.map((pe) => pe.event.data),
    Array.from({ length: 100 }, (_, i) => ({ i })),
  );
  t.match(got[0].event.meta, { jetstream: { stream: 'EVENTS', subject: 'events.in', seq: 1, consumer_seq: 1, redelivered: false, redelivery_count: 0, headers: {} } });
  t.ok(got.every((pe) => pe.event.tx));
  t.equal(got[0].event.origin?.scheme, 'tremor-jetstream');
  const ci = await settled(
    t,
    'no acks pending',
    () => consumerInfo(server, 'EVENTS', 'reader'),
    (i) => i.num_ack_pending === 0,
  );
  t.equal(ci.num_ack_pending, 0);
  t.equal(ci.delivered.stream_seq, 100);
  t.equal(ci.num_redelivered, 0);
});

t.test('a failed event is nak-ed and redelivered (redelivery_count 1), then acked; bad input goes to err and is acked', async (t) => {
  const server = await jsServer(t);
  const pub = await sinkOnly(t, { hosts: [server.host], stream: 'R', subjects: ['r.>'], subject: 'r.x' });
  const a = answers();
  for (let i = 0; i < 10; i++) send(pub.sink!, { i }, {}, a.tx(i));
  await until(t, '10 acks', () => a.log.length === 10);
  await publishRaw(server, 'r.x', 'not json');
  const sub = await reading(t, { hosts: [server.host], stream: 'R', consumer: 'c', deliver: 'all', nak_delay_ms: 1 });
  // the sink fails the first delivery of the even events, acks everything else
  sub.inst.source!.on('data', (pe: PortEvent) => {
    const j = pe.event.meta.jetstream as Rec;
    if (pe.port === 'out' && (pe.event.data as Rec).i !== undefined && Number((pe.event.data as Rec).i) % 2 === 0 && j.redelivery_count === 0) queueMicrotask(() => failTx(pe.event.tx));
    else queueMicrotask(() => ackTx(pe.event.tx));
  });
  const outs = () => sub.got.filter((pe) => pe.port === 'out');
  await until(t, '15 events on out', () => outs().length === 15);
  const redelivered = outs().filter((pe) => (pe.event.meta.jetstream as Rec).redelivered);
  t.same(
    redelivered.map((pe) => [(pe.event.data as Rec).i, (pe.event.meta.jetstream as Rec).redelivery_count]).sort(),
    [
      [0, 1],
      [2, 1],
      [4, 1],
      [6, 1],
      [8, 1],
    ].sort(),
  );
  const errs = sub.got.filter((pe) => pe.port === 'err');
  t.equal(errs.length, 1);
  t.match(errs[0].event.data, { data: 'not json' });
  const ci = await settled(
    t,
    'everything acked',
    () => consumerInfo(server, 'R', 'c'),
    (i) => i.num_ack_pending === 0 && i.delivered.stream_seq === 11,
  );
  t.equal(ci.num_redelivered, 0);
  // the bad message was not delivered again
  t.equal(sub.got.filter((pe) => pe.port === 'err').length, 1);
});

t.test('a second connector with the same durable consumer goes on after the last acked message', async (t) => {
  const server = await jsServer(t);
  const pub = await sinkOnly(t, { hosts: [server.host], stream: 'P', subjects: ['p.>'], subject: 'p.x' });
  const a = answers();
  for (let i = 0; i < 10; i++) send(pub.sink!, { i }, {}, a.tx(i));
  await until(t, '10 acks', () => a.log.length === 10);
  const config = { hosts: [server.host], stream: 'P', consumer: 'durable', max_ack_pending: 5, ack_wait_ms: 1000 };
  const first = await reading(t, config, 'first');
  await until(t, '5 events', () => first.got.length === 5);
  for (const pe of first.got) ackTx(pe.event.tx);
  await settled(
    t,
    'five acked',
    () => consumerInfo(server, 'P', 'durable'),
    (i) => i.ack_floor.stream_seq === 5 && i.num_ack_pending === 5,
  );
  // the first connector goes, leaving what it had in flight unanswered
  const taken = first.got.length;
  first.inst.source!.destroy();
  const second = await reading(t, config, 'second');
  second.inst.source!.on('data', (pe: PortEvent) => queueMicrotask(() => ackTx(pe.event.tx)));
  await settled(
    t,
    'all acked',
    () => consumerInfo(server, 'P', 'durable'),
    (i) => i.ack_floor.stream_seq === 10 && i.num_ack_pending === 0,
  );
  const seen = second.got.map((pe) => (pe.event.data as Rec).i as number);
  t.ok(taken >= 5);
  t.ok(
    seen.every((i) => i >= 5),
    `nothing acked is seen again: ${seen.join(',')}`,
  );
  t.same(
    [...new Set(seen)].sort((x, y) => x - y),
    [5, 6, 7, 8, 9],
  );
});

t.test('a message redelivered while its event is still held (a window filling) is not processed twice', async (t) => {
  const server = await jsServer(t);
  const pub = await sinkOnly(t, { hosts: [server.host], stream: 'H', subjects: ['h.>'], subject: 'h.x' });
  const a = answers();
  for (let i = 0; i < 5; i++) send(pub.sink!, { i }, {}, a.tx(i));
  await until(t, '5 stored', () => a.log.length === 5);
  // held past ack_wait (300 ms): the server delivers all five again meanwhile
  const sub = await reading(t, { hosts: [server.host], stream: 'H', consumer: 'held', ack_wait_ms: 300, max_ack_pending: 10 });
  await until(t, 'five events', () => sub.got.length === 5);
  await settled(
    t,
    'every message delivered again',
    () => consumerInfo(server, 'H', 'held'),
    (i) => i.num_redelivered === 5,
  );
  t.equal(sub.got.length, 5, 'the redeliveries are not new events');
  for (const pe of sub.got) ackTx(pe.event.tx);
  await settled(
    t,
    'all acked',
    () => consumerInfo(server, 'H', 'held'),
    (i) => i.num_ack_pending === 0 && i.ack_floor.stream_seq === 5,
  );
  t.equal(sub.got.length, 5, 'each event once');
});
