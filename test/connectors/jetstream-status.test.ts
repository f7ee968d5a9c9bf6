/**
 * The jetstream source's status line (issue #16, operations): every `status_interval_ms` the
 * consumer's lag, unacked and redelivered messages are reported. The interval runs on the
 * test's manual clock; the figures come from a real `nats-server -js`.
 */
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { ManualClock } from '../../src/base/clock.js';
import { jetstreamConnector } from '../../src/connectors/jetstream.js';
import { fakeContext } from './fake-context.js';
import { natsServer } from './nats-server.js';
import { collect, until } from './wait.js';

t.test('status_interval_ms: lag, unacked and redelivered, every interval', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'jetstream-status-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const s = await natsServer(t, { args: ['-js', '-sd', dir] });
  const nc = await connect({ servers: s.host });
  t.teardown(() => nc.close());
  await (await jetstreamManager(nc)).streams.add({ name: 'EVENTS', subjects: ['events.>'] });
  const js = jetstream(nc);
  for (let i = 0; i < 30; i++) await js.publish('events.a', JSON.stringify({ i }));

  const ctx = fakeContext({ alias: 'src' });
  const config = jetstreamConnector.validate({ hosts: [s.host], stream: 'EVENTS', consumer: 'c', max_ack_pending: 10, status_interval_ms: 1000 });
  const inst = jetstreamConnector.create(ctx, config);
  t.teardown(() => inst.source?.destroy());
  const got = collect(inst.source!);
  await inst.listen!();
  await inst.start!();
  // nothing is acked: max_ack_pending holds the consumer at 10 delivered, 20 behind
  await until(t, 'ten delivered', () => got.length === 10);
  const clock = ctx.clock as ManualClock;
  t.equal(ctx.reports.filter((r) => r.includes('lag')).length, 0, 'nothing before the first interval');
  clock.advance(1000);
  await until(t, 'a status line', () => ctx.reports.some((r) => r.includes('consumer c:')));
  t.match(
    ctx.reports.find((r) => r.includes('consumer c:')),
    /^main::src: consumer c: lag 20, unacked 10, redelivered 0$/,
  );
  clock.advance(1000);
  await until(t, 'the next one', () => ctx.reports.filter((r) => r.includes('consumer c:')).length === 2);
  await inst.stop!();
  t.equal(clock.pending, 0, 'no status timer left once stopped');
});
