/**
 * Work sharing across processes (issue #16, deliverable 2): three `tremor-stream run`
 * processes of fixtures/apps/scale-out/worker.troy read one durable JetStream consumer of a
 * real `nats-server -js`. They split the stream, and one of them killed with SIGKILL loses
 * nothing: the messages it had taken and not acked come again, to the others. Every message
 * reaches the output at least once; a message is output twice only if the killed process had
 * taken it (its unacked window, at most max_ack_pending). Waits are for conditions.
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { natsServer } from '../connectors/nats-server.js';
import { start, type Running } from '../faults/run-cli.js';
import { until } from '../until.js';
import { root } from '../root.js';

const N = 20_000;
const PROCESSES = 3;
const MAX_ACK_PENDING = 500;

/** the ids a process wrote, one per line (a torn last line of a killed process is left out) */
function ids(out: string): number[] {
  const lines = out.split('\n');
  lines.pop();
  return lines.map((l) => (JSON.parse(l) as { id: number }).id);
}

t.test('three processes share a durable consumer; one killed with SIGKILL loses nothing', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scale-out-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const server = await natsServer(t, { args: ['-js', '-sd', path.join(dir, 'js')] });
  const troy = path.join(dir, 'worker.troy');
  const fixture = fs.readFileSync(path.join(root, 'fixtures/apps/scale-out/worker.troy'), 'utf8');
  t.match(fixture, /"127\.0\.0\.1:4222"/, 'the fixture as README.md runs it');
  fs.writeFileSync(troy, fixture.replace('"127.0.0.1:4222"', JSON.stringify(server.host)));

  const procs: Running[] = [];
  t.teardown(() => {
    for (const p of procs) p.child.kill('SIGKILL');
  });
  for (let i = 0; i < PROCESSES; i++) procs.push(start(['run', troy]));

  // every process has asked the server for messages before any is published: the work is shared
  const nc = await connect({ servers: server.host });
  t.teardown(() => nc.close());
  const jsm = await jetstreamManager(nc);
  let waiting = 0;
  await until(t, 'a pull request from each process', () => {
    void jsm.consumers.info('EVENTS', 'workers').then(
      (ci) => (waiting = ci.num_waiting),
      () => {},
    );
    for (const p of procs) if (p.child.exitCode !== null) throw new Error(`a process ended: ${p.err()}`);
    return waiting >= PROCESSES;
  });
  const js = jetstream(nc);
  for (let i = 0; i < N; i++) await js.publish(`events.${i % 8}`, JSON.stringify({ id: i, key: `k${i % 50}` }));

  // the second process dies mid-way, as a crash would
  const victim = procs[1];
  await until(t, 'the second process to write 500 events', () => victim.out().split('\n').length > 500);
  victim.child.kill('SIGKILL');
  await victim.exited;
  const survivors = [procs[0], procs[2]];

  const seen = () => {
    const s = new Set<number>();
    for (const p of procs) for (const id of ids(p.out())) s.add(id);
    return s;
  };
  await until(t, 'every message in some process output', () => seen().size === N);

  const counts = new Map<number, number>();
  for (const p of procs) for (const id of ids(p.out())) counts.set(id, (counts.get(id) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  const victims = new Set(ids(victim.out()));
  t.equal(counts.size, N, 'every message reached the output');
  t.ok(
    twice.every((id) => victims.has(id)),
    'a message was written twice only when the killed process had written it',
  );
  t.comment(`${twice.length} messages written twice`);
  t.ok(twice.length <= MAX_ACK_PENDING, `duplicates (${twice.length}) within the killed process's unacked window`);
  for (const p of survivors) t.ok(ids(p.out()).length > 0, 'each surviving process took a share');
  t.ok(ids(victim.out()).length < N, 'the killed process did not take everything');
  for (const p of survivors) t.equal(p.child.exitCode, null, `still running (${p.err()})`);
});
