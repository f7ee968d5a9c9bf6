/**
 * The nats connector against a real `nats-server` of each test's own (nats-server.ts): the
 * configuration, a round trip through two connectors with their metadata, queue groups, bad
 * input, acks and failed publications, a server that goes away and comes back, draining on
 * stop, and a deployed flow. Waits are for conditions, never for time.
 */
import t from 'tap';
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { deploy } from '../../src/app/deploy.js';
import { ConfigError, type ConnectorContext } from '../../src/connectors/connector.js';
import { natsConnector } from '../../src/connectors/nats.js';
import type { ManualClock } from '../../src/base/clock.js';
import { newEvent } from '../../src/runtime/event.js';
import { txOf, type Tx } from '../../src/runtime/tx.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { probe, typesWith } from '../flow/doubles.js';
import { settle } from '../until.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { nats, natsServer } from './nats-server.js';
import { collect, until } from './wait.js';

type Ctx = FakeContext & { breakers: boolean[] };

function ctxOf(opts: Parameters<typeof fakeContext>[0] = {}, extra: Partial<ConnectorContext> = {}): Ctx {
  const breakers: boolean[] = [];
  return { ...fakeContext(opts), breaker: (open: boolean) => void breakers.push(open), breakers, ...extra };
}

function send(sink: Writable, data: Value, meta: Rec = {}, tx: Tx | null = null): void {
  sink.write({ port: 'in', event: { ...newEvent(data, 0, 0, meta), tx } });
}

/** a transaction source recording its answers as "ack N" / "fail N" */
function answers() {
  const log: string[] = [];
  const source = { ack: (_s: number, pull: number) => void log.push(`ack ${pull}`), fail: (_s: number, pull: number) => void log.push(`fail ${pull}`) };
  return { log, tx: (pull: number) => txOf(source, 0, pull) };
}

t.test('configuration', async (t) => {
  t.same(natsConnector.validate({ hosts: ['127.0.0.1:4222', 'nats://other'], subject: 'a.>' }), {
    hosts: [
      { host: '127.0.0.1', port: 4222 },
      { host: 'other', port: 4222 },
    ],
    subject: 'a.>',
    queue: null,
    reply: null,
    headers: {},
    options: undefined,
  });
  const full = natsConnector.validate({ hosts: ['h:1'], subject: 's', queue: 'q', reply: 'r.x', headers: { 'X-A': ['1'] }, options: { echo: true, name: 'n' } });
  t.same([full.queue, full.reply, full.headers, full.options], ['q', 'r.x', { 'X-A': ['1'] }, { echo: true, name: 'n', tls: false }]);
  const keys = 'hosts, subject, queue, reply, headers, options';
  t.throws(() => natsConnector.validate({ hosts: ['h:1'], subject: 's', topic: 'x' }), new ConfigError(`Unknown configuration key \`topic\` for a nats connector; known keys: ${keys}`, 'unknown', 'topic'));
  t.throws(() => natsConnector.validate({ hosts: ['h:1'], subject: 's', options: { no_echo: true } }), { name: 'ConfigError', kind: 'unknown', key: 'options.no_echo' });
  t.throws(() => natsConnector.validate({ hosts: ['h:1'] }), { kind: 'missing', key: 'subject', message: /Missing configuration key `subject` for a nats connector/ });
  t.throws(() => natsConnector.validate({ subject: 's' }), { name: 'ConfigError', kind: 'missing', key: 'hosts' });
  t.throws(() => natsConnector.validate({ hosts: [], subject: 's' }), /`hosts` must be a non-empty array/);
  t.throws(() => natsConnector.validate({ hosts: ['h:0'], subject: 's' }), /`hosts\[0\]` needs a port other than 0/);
  t.throws(() => natsConnector.validate({ hosts: ['h:1'], subject: 'a b' }), /`subject` must be a NATS subject/);
  t.throws(() => natsConnector.validate({ hosts: ['h:1'], subject: 'a..b' }), /`subject` must be a NATS subject/);
  t.throws(() => natsConnector.validate({ hosts: ['h:1'], subject: 's', headers: { 'a:b': ['1'] } }), /`headers.a:b` must be a header name/);
  t.throws(() => natsConnector.validate({ hosts: ['h:1'], subject: 's', headers: { a: ['x\r\ny'] } }), /without line breaks/);
  t.throws(() => natsConnector.validate({ hosts: ['h:1'], subject: 's', headers: { a: 'x' } }), /`headers.a` must be an array/);
  t.throws(() => natsConnector.validate({ hosts: ['h:1'], subject: 's', options: { username: 'u' } }), {
    kind: 'missing',
    key: 'options.password',
    message: /nats connector: `options.username` needs `options.password`/,
  });
  t.throws(() => natsConnector.validate({ hosts: ['h:1'], subject: 's', options: { key_path: 'k.pem' } }), /`options.key_path` needs `options.cert_path`/);
  t.throws(() => natsConnector.validate({ hosts: ['h:1'], subject: 's', options: { max_reconnects: -1 } }), /`options.max_reconnects` must be at least 0/);
  t.same([natsConnector.inputs(full), natsConnector.outputs(full), natsConnector.codec], [['in'], ['out', 'err'], 'optional']);
});

t.test('publish → subscribe: payloads, the subject a wildcard matched, reply and headers both ways', async (t) => {
  const s = await natsServer(t);
  const subCtx = ctxOf({ alias: 'sub' });
  const sub = nats(t, subCtx, { hosts: [s.host], subject: 'demo.*' });
  const got = collect(sub.source!);
  await sub.start!();
  // no codec: json
  const pubCtx = ctxOf({ alias: 'pub', codec: null });
  const pub = nats(t, pubCtx, { hosts: [s.host], subject: 'demo.a', reply: 'answers', headers: { 'X-Fixed': ['1', '2'] }, options: { reconnect_buffer_size: 1 } });
  await pub.start!();
  const a = answers();
  send(pub.sink!, { n: 1 }, {}, a.tx(1));
  send(pub.sink!, { n: 2 }, { nats: { reply: 'other', headers: { 'X-Fixed': ['3'], 'X-Event': ['e'], Single: 's', Ignored: 1 } } }, a.tx(2));
  await until(t, 'two messages', () => got.length === 2);
  t.same(
    got.map((pe) => [pe.port, pe.event.data]),
    [
      ['out', { n: 1 }],
      ['out', { n: 2 }],
    ],
  );
  t.same(got[0].event.meta, { nats: { subject: 'demo.a', reply: 'answers', headers: { 'X-Fixed': ['1', '2'] } } });
  t.same(got[1].event.meta, { nats: { subject: 'demo.a', reply: 'other', headers: { 'X-Fixed': ['1', '2', '3'], 'X-Event': ['e'], Single: ['s'] } } });
  t.same(got[0].event.origin, { scheme: 'tremor-nats', host: '127.0.0.1', port: s.port, path: ['demo.a'] });
  await until(t, 'acks', () => a.log.length === 2);
  t.same(a.log, ['ack 1', 'ack 2'], 'acked once the client took them');
  t.same([...subCtx.reports, ...pubCtx.reports], []);
  t.same([subCtx.breakers, pubCtx.breakers], [[false], [false]], 'breakers closed once connected');
});

t.test('a queue group shares the messages: each is delivered to exactly one member', async (t) => {
  const s = await natsServer(t);
  const members = [0, 1].map((i) => nats(t, ctxOf({ alias: `m${i}` }), { hosts: [s.host], subject: 'work', queue: 'workers' }));
  const got = members.map((m) => collect(m.source!));
  for (const m of members) await m.start!();
  const pub = nats(t, ctxOf({ alias: 'pub' }), { hosts: [s.host], subject: 'work' });
  await pub.start!();
  const n = 60;
  for (let i = 0; i < n; i++) send(pub.sink!, i);
  await until(t, 'all delivered', () => got[0].length + got[1].length === n);
  pub.sink!.end();
  await once(pub.sink!, 'finish');
  await settle();
  const all = got.flat().map((pe) => pe.event.data as number);
  t.same(
    [...all].sort((x, y) => x - y),
    Array.from({ length: n }, (_, i) => i),
    'every message exactly once overall',
  );
  // the server picks a member at random per message: all 60 to one has odds of 2^-59
  t.ok(got[0].length > 0 && got[1].length > 0, `both members got some (${got[0].length} + ${got[1].length})`);
});

t.test('bad input goes to err with its data; the good messages around it go on', async (t) => {
  const s = await natsServer(t);
  const subCtx = ctxOf({ alias: 'sub' });
  const sub = nats(t, subCtx, { hosts: [s.host], subject: 'in' });
  const got = collect(sub.source!);
  await sub.start!();
  const pub = nats(t, ctxOf({ alias: 'pub', codec: 'string' }), { hosts: [s.host], subject: 'in' });
  await pub.start!();
  for (const m of ['{"a":1}', 'not json', '{"b":2}']) send(pub.sink!, m);
  await until(t, 'three events', () => got.length === 3);
  t.same(
    got.map((pe) => pe.port),
    ['out', 'err', 'out'],
  );
  t.match(got[1].event.data, { source: 'main::sub', data: 'not json' });
  t.match(got[1].event.meta, { nats: { subject: 'in' }, error: String });
  t.same(got[2].event.meta, { nats: { subject: 'in' } }, 'no reply, no headers: none in the metadata');
  t.same(subCtx.reports, []);
});

t.test('a publication the client refuses fails its event and is reported; the next goes on', async (t) => {
  const s = await natsServer(t);
  const sub = nats(t, ctxOf({ alias: 'sub', codec: 'string' }), { hosts: [s.host], subject: 'big' });
  const got = collect(sub.source!);
  await sub.start!();
  const ctx = ctxOf({ alias: 'pub', codec: 'string' });
  const pub = nats(t, ctx, { hosts: [s.host], subject: 'big' });
  await pub.start!();
  const a = answers();
  // the server's max_payload is 1 MiB
  send(pub.sink!, 'x'.repeat(2 * 1024 * 1024), {}, a.tx(1));
  send(pub.sink!, 'bad header', { nats: { headers: { 'no:colons': ['v'] } } }, a.tx(2));
  send(pub.sink!, 'small', {}, a.tx(3));
  await until(t, 'answers', () => a.log.length === 3);
  t.same(a.log, ['fail 1', 'fail 2', 'ack 3']);
  t.match(ctx.reports, [/^main::pub: cannot publish to big: .*max_payload/, /^main::pub: cannot publish to big: .*not a valid character/]);
  await until(t, 'the small one', () => got.length === 1);
  t.equal(got[0].event.data, 'small');
  // a subject with wildcards can be subscribed to, not published to
  const wild = ctxOf({ alias: 'wild' });
  const w = nats(t, wild, { hosts: [s.host], subject: 'big.*' });
  await w.start!();
  send(w.sink!, 1, {}, a.tx(4));
  await until(t, 'fail 4', () => a.log.length === 4);
  t.same(a.log[3], 'fail 4');
  t.match(wild.reports, [/cannot publish to `big\.\*`: it has wildcards/]);
});

t.test('the server goes away and comes back: the breaker opens, then closes, and events flow again', async (t) => {
  const s = await natsServer(t);
  // the connector's `with reconnect` paces the client's own reconnection attempts
  const reconnect = { retry: { interval_ms: 20, randomized: false } };
  const subCtx = ctxOf({ alias: 'sub' }, { reconnect });
  const sub = nats(t, subCtx, { hosts: [s.host], subject: 'ev', options: { max_reconnects: 100000 } });
  const got = collect(sub.source!);
  await sub.start!();
  const pubCtx = ctxOf({ alias: 'pub' }, { reconnect });
  const pub = nats(t, pubCtx, { hosts: [s.host], subject: 'ev', options: { max_reconnects: 100000 } });
  await pub.start!();
  const a = answers();
  send(pub.sink!, 'before', {}, a.tx(1));
  await until(t, 'before', () => got.length === 1);

  await s.kill();
  await until(t, 'the publisher notices', () => pubCtx.breakers.at(-1) === true);
  t.match(pubCtx.reports, [new RegExp(`^The main::pub connector lost its connection to 127.0.0.1:${s.port}; the client tries to reconnect$`)]);
  // an event written meanwhile is held, not handed to a client that would drop it
  send(pub.sink!, 'during', {}, a.tx(2));
  await settle();
  t.same(a.log, ['ack 1'], 'not acked while disconnected');

  await s.restart();
  await until(t, 'both reconnected', () => pubCtx.breakers.at(-1) === false && subCtx.breakers.at(-1) === false);
  t.match(pubCtx.reports.at(-1), /^The main::pub connector reconnected to 127\.0\.0\.1:\d+$/);
  t.same(pubCtx.breakers, [false, true, false]);
  await until(t, 'the held event acked', () => a.log.length === 2);
  // 'during' reaches the subscriber only if it was back first: core NATS keeps nothing
  send(pub.sink!, 'after', {}, a.tx(3));
  await until(t, 'after', () => got.some((pe) => pe.event.data === 'after'));
  t.same(a.log, ['ack 1', 'ack 2', 'ack 3']);
});

t.test('a server that cannot be reached at start: start fails, or retries with a reconnect strategy', async (t) => {
  const s = await natsServer(t);
  await s.kill();
  const config = { hosts: [s.host], subject: 'late' };
  await t.rejects(nats(t, ctxOf({ alias: 'n' }), config).start!(), { message: new RegExp(`^The main::n connector cannot connect to 127.0.0.1:${s.port}: `) });

  const ctx = ctxOf({ alias: 'n' }, { reconnect: { retry: { interval_ms: 100, randomized: false } } });
  const inst = nats(t, ctx, config);
  const got = collect(inst.source!);
  await inst.start!();
  t.match(ctx.reports, [/cannot connect to .*; reconnecting in 100 ms$/]);
  t.same(ctx.breakers, [true]);
  t.equal((ctx.clock as ManualClock).pending, 1, 'a retry is scheduled on the clock');
  await s.restart();
  (ctx.clock as ManualClock).advance(100);
  await until(t, 'connected', () => ctx.breakers.at(-1) === false);
  // it subscribed on the new connection
  const pub = nats(t, ctxOf({ alias: 'pub' }), config);
  await pub.start!();
  send(pub.sink!, 'hello');
  await until(t, 'hello', () => got.length === 1);
  t.equal(got[0].event.data, 'hello');
});

t.test('the client gives up (max_reconnects 0): the reconnect strategy dials afresh and subscribes again', async (t) => {
  const s = await natsServer(t);
  const ctx = ctxOf({ alias: 'n' }, { reconnect: { retry: { interval_ms: 50, randomized: false } } });
  const config = { hosts: [s.host], subject: 'again', options: { max_reconnects: 0 } };
  const inst = nats(t, ctx, config);
  const got = collect(inst.source!);
  await inst.start!();
  await s.kill();
  await until(t, 'lost for good', () => ctx.reports.some((r) => /lost its connection to .*; reconnecting in 50 ms$/.test(r)));
  t.equal(ctx.breakers.at(-1), true);
  await s.restart();
  (ctx.clock as ManualClock).advance(50);
  await until(t, 'connected again', () => ctx.breakers.at(-1) === false);
  const pub = nats(t, ctxOf({ alias: 'pub' }), config);
  await pub.start!();
  send(pub.sink!, 'back');
  await until(t, 'back', () => got.length === 1);
});

t.test('stop drains the subscription: what already arrived is still pushed, then the source ends', async (t) => {
  const s = await natsServer(t);
  const sub = nats(t, ctxOf({ alias: 'sub', highWaterMark: 2 }), { hosts: [s.host], subject: 'drain' });
  const stuck = new Writable({ objectMode: true, highWaterMark: 1, write() {} });
  sub.source!.pipe(stuck);
  await sub.start!();
  const pub = nats(t, ctxOf({ alias: 'pub' }), { hosts: [s.host], subject: 'drain' });
  await pub.start!();
  const n = 30;
  for (let i = 0; i < n; i++) send(pub.sink!, i);
  // once the publisher's end has made its round trip the server has routed all 30 to the
  // subscriber's connection, before the unsubscription the drain sends
  pub.sink!.end();
  await once(pub.sink!, 'finish');
  await sub.stop!();
  sub.source!.unpipe(stuck);
  const got = collect(sub.source!);
  sub.source!.resume();
  const skipped = stuck.writableLength;
  await until(t, 'the source ends', () => sub.source!.readableEnded);
  t.same(
    got.map((pe) => pe.event.data),
    Array.from({ length: n - skipped }, (_, i) => skipped + i),
    'none lost, in order',
  );
});

t.test('a flow publishes with one nats connector and receives with another', async (t) => {
  const s = await natsServer(t);
  const p = probe();
  const reports: string[] = [];
  const h = deploy(
    `define flow main flow
      define connector pub from nats with config = {"hosts": ["${s.host}"], "subject": "flow.events", "headers": {"x-flow": ["main"]}} end;
      define connector sub from nats with codec = "json", config = {"hosts": ["${s.host}"], "subject": "flow.>"} end;
      define connector src from test_count with config = {"n": 5} end;
      define connector rec from test_record;
      define pipeline pass pipeline select event from in into out; end;
      define pipeline tag pipeline select {"n": event, "h": $nats.headers["x-flow"][0], "s": $nats.subject} from in into out; end;
      create connector pub; create connector sub; create connector src; create connector rec;
      create pipeline a from pass; create pipeline b from tag;
      connect /connector/src to /pipeline/a;
      connect /pipeline/a to /connector/pub;
      connect /connector/sub to /pipeline/b;
      connect /pipeline/b to /connector/rec;
    end;
    deploy flow main;`,
    { types: typesWith(p), report: (m) => reports.push(String(m instanceof Error ? m.message : m)) },
  );
  // the subscriber subscribed before anything started (`listen`): nothing published is missed
  await until(t, 'five events through the server', () => p.received.length === 5);
  t.same(
    p.received,
    [0, 1, 2, 3, 4].map((n) => ({ n, h: 'main', s: 'flow.events' })),
  );
  t.equal(await h.stop(), 0);
  t.same(reports, []);
});
