/**
 * Keyed partitions of the jetstream sink (issue #16, keyed state's first part): an event with
 * `$jetstream.key` goes to `<subject>.<partition>`; every event of a key lands in one
 * partition, in order, and a consumer filtering on that partition sees them all. The partition
 * function is stable (FNV-1a) and spreads keys evenly.
 */
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, AckPolicy } from '@nats-io/jetstream';
import { jetstreamConnector } from '../../src/connectors/jetstream.js';
import { partitionOf } from '../../src/connectors/jetstream/partition.js';
import { newEvent } from '../../src/runtime/event.js';
import { txOf } from '../../src/runtime/tx.js';
import { fakeContext } from './fake-context.js';
import { natsServer } from './nats-server.js';
import { until } from './wait.js';

t.test('partitionOf: stable, in range, even', async (t) => {
  t.equal(partitionOf('k1', 8), partitionOf('k1', 8), 'the same key, the same partition');
  // FNV-1a of "a" is 0xe40c292c
  t.equal(partitionOf('a', 1 << 16), 0xe40c292c % (1 << 16));
  const counts = new Array(8).fill(0);
  for (let i = 0; i < 8000; i++) counts[partitionOf(`key-${i}`, 8)]++;
  t.ok(
    counts.every((c) => c > 800 && c < 1200),
    `8,000 keys over 8 partitions: ${counts.join(', ')}`,
  );
});

t.test('the sink publishes each key to its partition; a partition consumer sees its keys, in order', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'jetstream-partitions-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await natsServer(t, { args: ['-js', '-sd', dir] });
  const ctx = fakeContext({ alias: 'pub' });
  const inst = jetstreamConnector.create(ctx, jetstreamConnector.validate({ hosts: [s.host], stream: 'EVENTS', subjects: ['events.>'], subject: 'events.p', partitions: 4 }));
  t.teardown(() => inst.sink?.destroy());
  await inst.listen!();
  await inst.start!();
  const answers: string[] = [];
  const source = { ack: (_s: number, pull: number) => void answers.push(`ack ${pull}`), fail: (_s: number, pull: number) => void answers.push(`fail ${pull}`) };
  for (let i = 0; i < 40; i++) inst.sink!.write({ port: 'in', event: { ...newEvent({ i, key: `k${i % 10}` }, 0, 0, { jetstream: { key: `k${i % 10}` } }), tx: txOf(source, 0, i) } });
  inst.sink!.write({ port: 'in', event: { ...newEvent({ i: 40 }, 0, 0, {}), tx: txOf(source, 0, 40) } });
  await until(t, 'every event answered', () => answers.length === 41);
  t.equal(answers.filter((a) => a.startsWith('ack')).length, 40);
  t.same(
    answers.filter((a) => a.startsWith('fail')),
    ['fail 40'],
    'an event without a key fails',
  );
  t.match(ctx.reports.join('\n'), /no `\$jetstream\.key`/);

  const nc = await connect({ servers: s.host });
  t.teardown(() => nc.close());
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const seen = new Map<string, number>();
  for (let p = 0; p < 4; p++) {
    await jsm.consumers.add('EVENTS', { durable_name: `p${p}`, filter_subject: `events.p.${p}`, ack_policy: AckPolicy.Explicit });
    const c = await js.consumers.get('EVENTS', `p${p}`);
    const info = await c.info();
    const got: { i: number; key: string }[] = [];
    if (info.num_pending > 0) {
      const batch = await c.fetch({ max_messages: info.num_pending, expires: 5000 });
      for await (const m of batch) {
        got.push(m.json());
        m.ack();
        if (got.length === info.num_pending) break;
      }
    }
    for (const e of got) {
      t.equal(partitionOf(e.key, 4), p, `${e.key} in partition ${p}`);
      seen.set(e.key, (seen.get(e.key) ?? 0) + 1);
    }
    const byKey = new Map<string, number[]>();
    for (const e of got) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e.i]);
    for (const [key, is] of byKey)
      t.same(
        is,
        [...is].sort((a, b) => a - b),
        `${key} in order`,
      );
  }
  t.same([...seen.values()], new Array(10).fill(4), 'every key, all four of its events, in exactly one partition');
});
