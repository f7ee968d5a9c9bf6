/**
 * Batches (src/connectors/chunk.ts): a chunk of several events means what the same events
 * written one by one mean — routed in order, copied for every target of a fan-out but the
 * last, unrouted ones reported one by one, backpressure held per chunk — and a pipeline
 * given a batch gives one back.
 */
import t from 'tap';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { ManualClock } from '../../src/base/clock.js';
import { Source } from '../../src/base/source.js';
import { BenchSource, bench } from '../../src/connectors/bench.js';
import { BATCH_MAX, type Chunk } from '../../src/connectors/chunk.js';
import type { PortEvent } from '../../src/connectors/connector.js';
import { PipelineNode } from '../../src/flow/pipeline-node.js';
import { Router, type Target } from '../../src/flow/router.js';
import { FsLoader } from '../../src/lang/fsloader.js';
import { compileQuery } from '../../src/lang/query/compile.js';
import { newEvent } from '../../src/runtime/event.js';
import { fakeContext } from '../connectors/fake-context.js';
import { settle, until } from '../until.js';

/** a Writable recording its chunks; `batches` makes it take batches; `hold` keeps callbacks */
class Recorder extends Writable {
  readonly chunks: Chunk[] = [];
  readonly held: (() => void)[] = [];
  constructor(
    readonly takesBatches: boolean,
    private readonly hold = false,
  ) {
    super({ objectMode: true, highWaterMark: 1 });
  }
  override _write(chunk: Chunk, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(chunk);
    if (this.hold) this.held.push(cb);
    else cb();
  }
  /** the events received, flattened */
  get events(): PortEvent[] {
    return this.chunks.flatMap((c) => (Array.isArray(c) ? c : [c]));
  }
}

const pe = (port: string, v: number): PortEvent => ({ port, event: newEvent({ v }, 0, v) });
const target = (stream: Writable, name: string): Target => ({ stream, port: 'in', name });

t.test('a router splits a batch by target: whole to a target that takes batches, event by event to one that does not', async (t) => {
  const batchTaker = new Recorder(true);
  const plain = new Recorder(false);
  const unrouted: string[] = [];
  const router = new Router(new Map([['out', [target(batchTaker, 'a'), target(plain, 'b')]]]), (c, to) => unrouted.push(`${c.port} ${(c.event.data as { v: number }).v} ${to === null ? 'nobody' : to.name}`), 4);
  const batch = [pe('out', 1), pe('err', 2), pe('out', 3), pe('out', 4)];
  router.write(batch);
  await until(t, 'the plain target has its events', () => plain.chunks.length === 3);
  t.equal(batchTaker.chunks.length, 1, 'one chunk for the target that takes batches');
  t.same(
    batchTaker.events.map((e) => e.event.data),
    [{ v: 1 }, { v: 3 }, { v: 4 }],
    'its events, in order',
  );
  t.ok(
    plain.chunks.every((c) => !Array.isArray(c)),
    'single events for the other',
  );
  t.same(
    plain.events.map((e) => e.event.data),
    [{ v: 1 }, { v: 3 }, { v: 4 }],
  );
  t.ok(
    plain.events.every((e, i) => e.event === batch[[0, 2, 3][i]].event),
    'the last target of the port gets the events themselves',
  );
  t.ok(
    batchTaker.events.every((e, i) => e.event !== batch[[0, 2, 3][i]].event),
    'every other target gets copies',
  );
  t.ok(
    [...batchTaker.events, ...plain.events].every((e) => e.port === 'in'),
    "events arrive on the target's port",
  );
  t.same(unrouted, ['err 2 nobody'], 'an event on a port nobody is connected to is reported, alone');
});

t.test('a batch to a full target holds the router until the target drains', async (t) => {
  const slow = new Recorder(true, true);
  const router = new Router(new Map([['out', [target(slow, 'slow')]]]), () => {}, 1);
  router.write([pe('out', 1), pe('out', 2)]);
  router.write([pe('out', 3), pe('out', 4)]);
  await until(t, 'the first batch is written', () => slow.held.length === 1);
  // the router's write into `slow` said "full": its second chunk waits for a drain
  await settle();
  t.equal(slow.chunks.length, 1, 'the second batch is not written while the first is pending');
  slow.held.shift()!();
  await until(t, 'the second batch is written', () => slow.chunks.length === 2);
  t.same(
    slow.events.map((e) => (e.event.data as { v: number }).v),
    [1, 2, 3, 4],
  );
  slow.held.shift()!();
});

function pipeline(query: string): PipelineNode {
  const file = path.join(os.tmpdir(), 'batches.trickle');
  const plan = compileQuery(new Source(file, query), { loader: new FsLoader({ main: file }) }).plan;
  return new PipelineNode(plan, { clock: new ManualClock(), highWaterMark: 4, tickMs: 0, onError: () => {} });
}

t.test('a pipeline given a batch gives what it emits for it as one batch; a single event, single events', async (t) => {
  const node = pipeline('select {"v": event.v * 10} from in where event.v != 2 into out');
  const out: Chunk[] = [];
  node.on('data', (c: Chunk) => out.push(c));
  node.write([pe('in', 1), pe('in', 2), pe('in', 3)]);
  node.write(pe('in', 4));
  node.write([pe('in', 2), pe('in', 5)]);
  await until(t, 'three chunks out', () => out.length === 3);
  t.ok(Array.isArray(out[0]), 'a batch out for a batch in');
  t.same(
    (out[0] as PortEvent[]).map((e) => e.event.data),
    [{ v: 10 }, { v: 30 }],
  );
  t.same((out[1] as PortEvent).event.data, { v: 40 }, 'a single event');
  t.same((out[2] as PortEvent).event.data, { v: 50 }, 'one event left of a batch goes on alone');
  node.end();
});

t.test('the bench source pushes batches of at most BATCH_MAX events, every event once and in order', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'batches-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'data.json');
  writeFileSync(file, `${Array.from({ length: 50 }, (_, i) => JSON.stringify({ i })).join('\n')}\n`);
  const ctx = fakeContext();
  const source = new BenchSource(ctx, bench.validate({ source: file, iters: 3 }));
  const chunks: Chunk[] = [];
  source.on('data', (c: Chunk) => chunks.push(c));
  const ended = new Promise((r) => source.on('end', r));
  await source.load(ctx.clock.now());
  await ended;
  const events = chunks.flatMap((c) => (Array.isArray(c) ? c : [c]));
  t.equal(events.length, 150, 'every element of every iteration');
  t.ok(
    chunks.some((c) => Array.isArray(c) && c.length > 1),
    'batches',
  );
  t.ok(
    chunks.every((c) => !Array.isArray(c) || c.length <= BATCH_MAX),
    `none over ${BATCH_MAX}`,
  );
  t.same(
    events.map((e) => (e.event.data as { i: number }).i),
    Array.from({ length: 150 }, (_, k) => k % 50),
    'in order',
  );
  t.same(
    events.map((e) => e.event.id),
    Array.from({ length: 150 }, (_, k) => k),
    'ids in order',
  );
});
