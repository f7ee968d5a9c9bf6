/**
 * The live groups of a windowed select, bounded by the windows' `max_groups`.
 *
 * Groups are keyed by the sorted JSON of their key tuple. An event of a group not seen yet
 * runs on a fresh group first, and the select keeps that group (`keep`) only if it still
 * holds data afterwards — a window that emitted at once leaves nothing to keep, so it never
 * counts against `max_groups`. That is Tremor's order (tremor-pipeline select.rs runs the
 * event on its default group, then checks the cardinality), and it decides what happens
 * when the table is full:
 *
 * - `ignore` (Tremor's, the default): the new group is not kept and the event fails with
 *   Tremor's text, typo included — `Maxmimum amount of groups reached (2). Ignoring group
 *   [3]` (it prints max_groups + 1, not the key). The failure drops what the event produced,
 *   as any runtime error of a select does, and is reported where runtime errors go.
 * - `evict` (ours, `on_max_groups = "evict"` on the window): the least recently used group
 *   is flushed — its open windows emit, so nothing is lost — and dropped to make room, so
 *   memory stays bounded whatever the key cardinality without failing events. A hit moves
 *   a group to the end of the Map's insertion order, which makes the first entry the least
 *   recently used.
 *
 * Tumbling (src/pipeline/windowed.ts) and sliding (src/pipeline/sliding.ts) selects share
 * this bookkeeping.
 */
import { fault } from '../runtime/fault.js';
import { stringifySorted } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import type { Out } from './node.js';

/** what a full group table does with a new group (a window's `on_max_groups`) */
export type GroupOverflow = 'ignore' | 'evict';

export interface GroupLimit {
  maxGroups: number;
  overflow: GroupOverflow;
  /** where the `ignore` failure points (the select's `group by`) */
  site: number;
}

export interface Lookup<G> {
  key: string;
  group: G;
  /** not in the table yet: `keep` it if it holds data after the event */
  fresh: boolean;
}

export class GroupTable<G> {
  private readonly groups = new Map<string, G>();

  constructor(
    private readonly limit: GroupLimit,
    /** a new group; `value` is what `group` reads in the select: the key tuple, then the key */
    private readonly create: (value: Value[]) => G,
    /** flushes a group that makes room for a new one (it is dropped afterwards) */
    private readonly evict: (key: string, g: G, out: Out) => void,
  ) {}

  get size(): number {
    return this.groups.size;
  }

  /** the live group of a key tuple, or a fresh one (room is made first under `evict`) */
  lookup(tuple: Value[], out: Out): Lookup<G> {
    const key = stringifySorted(tuple);
    const g = this.groups.get(key);
    if (g) {
      this.groups.delete(key);
      this.groups.set(key, g);
      return { key, group: g, fresh: false };
    }
    if (this.limit.overflow === 'evict' && this.groups.size >= this.limit.maxGroups) {
      const [oldKey, old] = this.groups.entries().next().value as [string, G];
      this.evict(oldKey, old, out);
      this.groups.delete(oldKey);
    }
    return { key, group: this.create([...tuple, key]), fresh: true };
  }

  /** keeps a fresh group that still holds data; under `ignore` a full table refuses it */
  keep(key: string, g: G): void {
    const max = this.limit.maxGroups;
    if (this.limit.overflow === 'ignore' && this.groups.size >= max) {
      fault('R017', `Maxmimum amount of groups reached (${max}). Ignoring group [${max + 1}]`, this.limit.site);
    }
    this.groups.set(key, g);
  }

  delete(key: string): void {
    this.groups.delete(key);
  }

  values(): IterableIterator<G> {
    return this.groups.values();
  }

  /** a copy of the entries, for loops that drop groups as they go */
  snapshot(): [string, G][] {
    return [...this.groups];
  }
}
