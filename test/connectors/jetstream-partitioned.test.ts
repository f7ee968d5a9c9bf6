/**
 * The partitioned jetstream source against a real `nats-server -js` (issue #16, keyed state):
 * two sources of one deployment split four partitions through leases in the KV bucket, each
 * reads only its own partitions' subjects (every event says its `$jetstream.partition`), and
 * one stopped on purpose hands its partitions to the other at the other's next round. The
 * lease rounds run on each source's manual clock; the server is real.
 */
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import type { ManualClock } from '../../src/base/clock.js';
import { jetstreamConnector } from '../../src/connectors/jetstream.js';
import { partitionOf } from '../../src/connectors/jetstream/partition.js';
import { ackTx } from '../../src/runtime/tx.js';
import type { Rec } from '../../src/runtime/value.js';
import type { PortEvent } from '../../src/connectors/connector.js';
import { fakeContext } from './fake-context.js';
import { natsServer } from './nats-server.js';
import { until } from './wait.js';

const LEASE = 3000;

t.test('two sources split four partitions by lease; one stopped hands its partitions over', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'jetstream-partitioned-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await natsServer(t, { args: ['-js', '-sd', dir] });
  const nc = await connect({ servers: s.host });
  t.teardown(() => nc.close());
  await (await jetstreamManager(nc)).streams.add({ name: 'K', subjects: ['k.*'] });

  const config = jetstreamConnector.validate({ hosts: [s.host], stream: 'K', subject: 'k', consumer: 'c', partitions: 4, lease_ms: LEASE, status_interval_ms: 1000 });
  const start = async (alias: string) => {
    const ctx = fakeContext({ alias });
    const inst = jetstreamConnector.create(ctx, config);
    t.teardown(() => inst.source?.destroy());
    const got: PortEvent[] = [];
    inst.source!.on('data', (pe: PortEvent) => {
      got.push(pe);
      queueMicrotask(() => ackTx(pe.event.tx));
    });
    await inst.listen!();
    await inst.start!();
    return { ctx, inst, got, clock: ctx.clock as ManualClock };
  };
  const a = await start('a');
  const b = await start('b');
  const kv = await new Kvm(nc).open('K_c_leases');
  const holders = async () => {
    const out: (string | null)[] = [];
    for (let p = 0; p < 4; p++) {
      const e = await kv.get(`partition.${p}`);
      out.push(e && e.operation === 'PUT' ? e.string() : null);
    }
    return out;
  };
  const members = async () => {
    const out: string[] = [];
    for await (const k of await kv.keys('member.>')) out.push(k);
    return out.length;
  };
  // round 1: membership only; rounds after it: claims up to ⌈4 ÷ 2⌉
  let seen = 0;
  await until(t, 'two members in the bucket', () => {
    void members().then((n) => (seen = n));
    return seen === 2;
  });
  let held: (string | null)[] = [];
  await until(t, 'every partition held', () => {
    a.clock.advance(LEASE / 3);
    b.clock.advance(LEASE / 3);
    void holders().then((h) => (held = h));
    return held.length === 4 && held.every((h) => h !== null);
  });
  const owners = new Set(held);
  t.equal(owners.size, 2, `the partitions are split between the two: ${held.join(', ')}`);
  t.same(held.filter((h) => h === held[0]).length, 2, 'two each');

  const js = jetstream(nc);
  const key = (i: number) => `key-${i % 20}`;
  for (let i = 0; i < 200; i++) await js.publish(`k.${partitionOf(key(i), 4)}`, JSON.stringify({ i, key: key(i) }));
  await until(t, 'all 200 read', () => a.got.length + b.got.length === 200);
  const partitionsOf = (got: PortEvent[]) => new Set(got.map((pe) => (pe.event.meta.jetstream as Rec).partition as number));
  const pa = partitionsOf(a.got);
  const pb = partitionsOf(b.got);
  t.equal(pa.size + pb.size, 4, 'each reads only its partitions');
  t.ok(
    [...pa].every((p) => !pb.has(p)),
    'no partition read by both',
  );
  const keysA = new Set(a.got.map((pe) => (pe.event.data as Rec).key));
  t.ok(
    b.got.every((pe) => !keysA.has((pe.event.data as Rec).key)),
    'every key read by one source only',
  );
  t.ok(
    a.got.every((pe) => partitionOf(String((pe.event.data as Rec).key), 4) === (pe.event.meta.jetstream as Rec).partition),
    "each event from its key's partition",
  );

  // a stops on purpose: its leases go at once, b claims them at its next round
  await a.inst.stop!();
  await until(t, "a's leases deleted", () => {
    void holders().then((h) => (held = h));
    return held.filter((h) => h !== null).length === 2;
  });
  await until(t, 'b holds all four', () => {
    b.clock.advance(LEASE / 3);
    void holders().then((h) => (held = h));
    return held.length === 4 && held.every((h) => h !== null) && new Set(held).size === 1;
  });
  for (let i = 200; i < 240; i++) await js.publish(`k.${partitionOf(key(i), 4)}`, JSON.stringify({ i, key: key(i) }));
  await until(t, 'b reads the next 40', () => b.got.length + a.got.length === 240);
  t.equal(b.got.filter((pe) => Number((pe.event.data as Rec).i) >= 200).length, 40, 'the new events all went to b');
  b.clock.advance(1000);
  await until(t, "b's status line names its partitions", () => b.ctx.reports.some((r) => /partitions 0,1,2,3 of 4, lag \d+, unacked \d+, redelivered \d+$/.test(r)));
  await b.inst.stop!();
});
