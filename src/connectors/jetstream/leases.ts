/**
 * Partition leases (issue #16, keyed state): each of a partitioned source's N partitions is
 * read by one process at a time, the one holding its lease in a JetStream KV bucket whose
 * entries live `lease_ms` (the bucket's TTL). Every process runs this loop, every third of
 * `lease_ms`:
 *
 *   1. renew its membership, `member.<N>.<owner>` (N: its partition count);
 *   2. renew each lease it holds, `partition.<p>`, by compare-and-set on the revision it
 *      wrote: a lease that changed hands or expired (a process stalled longer than the TTL)
 *      is lost, and the partition is no longer read here;
 *   3. from its second round on (so that processes started together see each other first),
 *      claim free partitions by create-if-absent up to its fair share, ⌈N ÷ live members⌉.
 *      Members that disagree on N (deployments configured differently) are reported, and
 *      nobody claims anything while they do: a key would have two partitions.
 *
 * A process that dies stops renewing: its member entry and leases expire within `lease_ms`,
 * the survivors' share grows, and they claim its partitions at their next round: a dead
 * owner's partitions are read again within 4/3 × `lease_ms`. A process stopped on purpose
 * deletes its entries, so that others claim at once. Partitions never move between live
 * processes (a joining process takes only free ones): the events of a partition's open
 * windows are held, unacked, by the process reading it, and moving them would need their
 * state handed over. Within a lease's TTL both a stalled old owner and a new one may read a
 * partition (the usual limit of leases without fencing): at least once, never lost.
 *
 * The store is an interface (the KV subset used) and the rounds run on the connector's
 * clock, so that the unit tests drive it with a manual clock and an in-memory store.
 */
import type { Clock, TimerHandle } from '../../base/clock.js';
import { messageOf } from '../../base/message-of.js';
import { partitionOf } from './partition.js';

/** the part of a JetStream KV bucket the leases use; create/update reject when the key is taken or changed */
export interface LeaseStore {
  create(key: string, value: string): Promise<number>;
  update(key: string, value: string, revision: number): Promise<number>;
  put(key: string, value: string): Promise<number>;
  delete(key: string): Promise<void>;
  /** the keys starting with `prefix` */
  keys(prefix: string): Promise<string[]>;
}

export interface LeaseEvents {
  /** the partition is this process's to read */
  acquired(partition: number): void;
  /** it is not any more */
  lost(partition: number): void;
}

export interface LeaseSpec {
  /** partitions 0 … count-1 */
  count: number;
  leaseMs: number;
  /** this process's name among the members (KV key characters) */
  owner: string;
}

export class PartitionLeases {
  /** the partitions held, with the revision of their lease */
  private readonly held = new Map<number, number>();
  private store: LeaseStore | null = null;
  private timer: TimerHandle | null = null;
  private rounds = 0;
  private running: Promise<void> | null = null;
  private stopped = false;
  /** the last disagreement on the partition count reported (null: none) */
  private disagreement: string | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly spec: LeaseSpec,
    private readonly events: LeaseEvents,
    private readonly report: (line: string) => void,
  ) {}

  private get memberKey(): string {
    return `member.${this.spec.count}.${this.spec.owner}`;
  }

  /** the partitions held, in order */
  owned(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** runs the rounds on `store` (again, after a reconnection: the leases held are kept if still ours) */
  start(store: LeaseStore): void {
    if (this.stopped) return;
    this.store = store;
    if (this.timer === null && this.running === null) this.round();
  }

  /** stops the rounds, gives up every partition and deletes this process's entries */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    await this.running;
    const store = this.store;
    const held = this.owned();
    for (const p of held) {
      this.held.delete(p);
      this.events.lost(p);
    }
    if (!store) return;
    const keys = [...held.map((p) => `partition.${p}`), this.memberKey];
    await Promise.all(keys.map((k) => store.delete(k).catch(() => {})));
  }

  private round(): void {
    this.timer = null;
    this.running = this.once().finally(() => {
      this.running = null;
      if (!this.stopped) this.timer = this.clock.setTimer(() => this.round(), Math.max(1, Math.floor(this.spec.leaseMs / 3)));
    });
  }

  private async once(): Promise<void> {
    const store = this.store;
    if (!store) return;
    const { owner, count } = this.spec;
    try {
      await store.put(this.memberKey, owner);
    } catch (e) {
      this.report(`partition leases: cannot renew membership: ${messageOf(e)}`);
      return;
    }
    // renewed together: a busy process must not spend its lease on round trips one by one
    await Promise.all(
      [...this.held].map(async ([p, revision]) => {
        try {
          const next = await store.update(`partition.${p}`, owner, revision);
          if (this.held.has(p)) this.held.set(p, next);
        } catch {
          if (!this.held.delete(p)) return;
          this.report(`partition leases: lost partition ${p}`);
          this.events.lost(p);
        }
      }),
    );
    if (this.rounds++ === 0 || this.stopped) return;
    const names = await store.keys('member.').catch(() => [this.memberKey]);
    const others = names.filter((k) => !k.startsWith(`member.${count}.`));
    if (others.length > 0) {
      const say = `partition leases: not claiming: ${others.map((k) => k.slice('member.'.length).replace('.', ' partitions at ')).join(', ')}, but ${count} here`;
      if (say !== this.disagreement) this.report(say);
      this.disagreement = say;
      return;
    }
    this.disagreement = null;
    const members = Math.max(1, names.length);
    const share = Math.ceil(count / members);
    // each process starts looking at its own place, so that claims collide less
    const from = partitionOf(owner, count);
    for (let i = 0; i < count && this.held.size < share && !this.stopped; i++) {
      const p = (from + i) % count;
      if (this.held.has(p)) continue;
      try {
        this.held.set(p, await store.create(`partition.${p}`, owner));
      } catch {
        continue;
      }
      this.events.acquired(p);
    }
  }
}
