/**
 * Partition leases (src/connectors/jetstream/leases.ts) on manual clocks and an in-memory
 * store with the KV bucket's semantics (entries expire `ttl` after their last write;
 * create-if-absent and compare-and-set). Processes share the partitions fairly, a dead one's
 * partitions are taken over once its leases expire, a process that cannot renew in time loses
 * its partitions, and one stopped on purpose hands them over at once. The real bucket is
 * exercised by test/scale-out/keyed-state.test.ts.
 */
import t from 'tap';
import { setImmediate as turn } from 'node:timers/promises';
import { ManualClock } from '../../src/base/clock.js';
import { PartitionLeases, type LeaseStore } from '../../src/connectors/jetstream/leases.js';

const LEASE = 3000;

/** a KV bucket whose entries live `ttl` ms of `now()` after their last write */
class MemoryStore implements LeaseStore {
  private rev = 0;
  readonly entries = new Map<string, { value: string; rev: number; at: number }>();
  constructor(
    private readonly now: () => number,
    private readonly ttl: number,
  ) {}
  private live(key: string) {
    const e = this.entries.get(key);
    return e && this.now() - e.at < this.ttl ? e : undefined;
  }
  async create(key: string, value: string): Promise<number> {
    if (this.live(key)) throw new Error('wrong last sequence');
    this.entries.set(key, { value, rev: ++this.rev, at: this.now() });
    return this.rev;
  }
  async update(key: string, value: string, revision: number): Promise<number> {
    if (this.live(key)?.rev !== revision) throw new Error('wrong last sequence');
    this.entries.set(key, { value, rev: ++this.rev, at: this.now() });
    return this.rev;
  }
  async put(key: string, value: string): Promise<number> {
    this.entries.set(key, { value, rev: ++this.rev, at: this.now() });
    return this.rev;
  }
  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
  async keys(prefix: string): Promise<string[]> {
    return [...this.entries.keys()].filter((k) => k.startsWith(prefix) && this.live(k));
  }
  /** who holds partition p */
  holder(p: number): string | undefined {
    return this.live(`partition.${p}`)?.value;
  }
}

interface Proc {
  name: string;
  clock: ManualClock;
  leases: PartitionLeases;
  log: string[];
  alive: boolean;
}

/** processes on one store; `advance` moves every living one's clock (and the store's time) */
function world(names: string[], count = 8, counts: Record<string, number> = {}) {
  let now = 0;
  const store = new MemoryStore(() => now, LEASE);
  const procs: Proc[] = names.map((name) => {
    const clock = new ManualClock();
    const log: string[] = [];
    const leases = new PartitionLeases(clock, { count: counts[name] ?? count, leaseMs: LEASE, owner: name }, { acquired: (p) => log.push(`+${p}`), lost: (p) => log.push(`-${p}`) }, (l) => log.push(l));
    return { name, clock, leases, log, alive: true };
  });
  const settle = async () => {
    for (let i = 0; i < 20; i++) await turn();
  };
  return {
    store,
    procs,
    start: async () => {
      for (const p of procs) p.leases.start(store);
      await settle();
    },
    /** `ms` of time in steps of 100 ms, each followed by the rounds' store calls */
    advance: async (ms: number) => {
      for (let done = 0; done < ms; done += 100) {
        now += 100;
        for (const p of procs) if (p.alive) p.clock.advance(100);
        await settle();
      }
    },
    settle,
  };
}

function holders(store: MemoryStore, count = 8): (string | undefined)[] {
  return Array.from({ length: count }, (_, p) => store.holder(p));
}

t.test('three processes share eight partitions fairly, each held once', async (t) => {
  const w = world(['a', 'b', 'c']);
  await w.start();
  t.same(
    w.procs.map((p) => p.leases.owned()),
    [[], [], []],
    'nothing claimed in the first round (the others are not seen yet)',
  );
  await w.advance(LEASE);
  const owned = w.procs.map((p) => p.leases.owned());
  t.same(owned.flat().sort(), [0, 1, 2, 3, 4, 5, 6, 7], `every partition held once: ${owned.join(' | ')}`);
  t.same(owned.map((o) => o.length).sort(), [2, 3, 3], 'shares of ⌈8 ÷ 3⌉ at most');
  for (const p of w.procs) t.same(p.log.filter((l) => l.startsWith('+')).length, p.leases.owned().length, `${p.name}: told of each partition it acquired`);
  await w.advance(5 * LEASE);
  t.same(
    w.procs.map((p) => p.leases.owned()),
    owned,
    'renewed: nothing moves while all live',
  );
});

t.test("a dead process's partitions are taken over once its leases expire", async (t) => {
  const w = world(['a', 'b', 'c']);
  await w.start();
  await w.advance(LEASE);
  const [a, b, c] = w.procs;
  const lost = c.leases.owned();
  t.ok(lost.length > 0);
  c.alive = false; // as kill -9: no more rounds, nothing released
  await w.advance(LEASE - 200);
  t.same(
    lost.map((p) => w.store.holder(p)),
    lost.map(() => 'c'),
    'still held within the lease',
  );
  await w.advance(LEASE);
  t.same(
    holders(w.store).filter((h) => h === 'c'),
    [],
    'no partition left to the dead process',
  );
  t.same([...a.leases.owned(), ...b.leases.owned()].sort(), [0, 1, 2, 3, 4, 5, 6, 7], 'the survivors hold all eight, within 4/3 of a lease');
  t.same([a.leases.owned().length, b.leases.owned().length], [4, 4], 'four each');
});

t.test('a process that cannot renew in time loses its partitions and is told', async (t) => {
  const w = world(['a', 'b']);
  await w.start();
  await w.advance(LEASE);
  const [a, b] = w.procs;
  const had = a.leases.owned();
  a.alive = false; // stalled: its timers run late
  await w.advance(LEASE + 1500);
  t.same(b.leases.owned(), [0, 1, 2, 3, 4, 5, 6, 7], 'the other took them over');
  a.alive = true;
  await w.advance(100 + LEASE / 3);
  t.same(a.log.filter((l) => l.startsWith('-')).sort(), had.map((p) => `-${p}`).sort(), 'told of each partition lost');
  t.match(a.log.join('\n'), /lost partition/);
  t.same(a.leases.owned(), [], 'it reads none of them any more');
  await w.advance(2 * LEASE);
  t.same(b.leases.owned(), [0, 1, 2, 3, 4, 5, 6, 7], 'partitions never move between live processes');
});

t.test('a process stopped on purpose hands its partitions over at once', async (t) => {
  const w = world(['a', 'b']);
  await w.start();
  await w.advance(LEASE);
  const [a, b] = w.procs;
  const had = a.leases.owned();
  await a.leases.stop();
  t.same(a.leases.owned(), []);
  t.same(
    a.log.filter((l) => l.startsWith('-')),
    had.map((p) => `-${p}`),
  );
  t.notOk(w.store.entries.has('member.8.a'), 'its membership is gone');
  a.alive = false;
  await w.advance(LEASE / 3 + 100);
  t.same(b.leases.owned(), [0, 1, 2, 3, 4, 5, 6, 7], 'taken at the next round, not after the lease');
  t.equal(a.clock.pending, 0, 'no timer left');
});

t.test('processes that disagree on the partition count claim nothing and say why', async (t) => {
  const w = world(['a', 'b'], 8, { b: 4 });
  await w.start();
  await w.advance(LEASE);
  const [a, b] = w.procs;
  t.same([a.leases.owned(), b.leases.owned()], [[], []], 'nothing claimed');
  t.match(a.log.join('\n'), /not claiming: 4 partitions at b, but 8 here/);
  t.match(b.log.join('\n'), /not claiming: 8 partitions at a, but 4 here/);
  t.equal(a.log.filter((l) => l.includes('not claiming')).length, 1, 'said once, not every round');
  // b goes (a redeployment with the right count would replace it): a claims once b's entry expires
  b.alive = false;
  await w.advance(LEASE + LEASE / 3 + 100);
  t.same(a.leases.owned(), [0, 1, 2, 3, 4, 5, 6, 7]);
});
