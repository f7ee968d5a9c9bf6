/**
 * The live groups of a windowed select, bounded by the windows' `max_groups`.
 *
 * Groups are keyed by the sorted JSON of their key tuple and kept in least-recently-used
 * order (a Map keeps insertion order; a hit is moved to the end). When a new group would
 * exceed `max_groups`, the least recently used one is handed to `evict` — the select flushes
 * its open windows, so nothing is lost — and dropped to make room: memory stays bounded
 * whatever the key cardinality. Tumbling (src/pipeline/windowed.ts) and sliding
 * (src/pipeline/sliding.ts) selects share this bookkeeping.
 */
import { stringifySorted } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import type { Out } from './node.js';

export class GroupTable<G> {
  private readonly groups = new Map<string, G>();

  constructor(
    private readonly maxGroups: number,
    /** a new group; `value` is what `group` reads in the select: the key tuple, then the key */
    private readonly create: (value: Value[]) => G,
    /** flushes a group that makes room for a new one (it is dropped afterwards) */
    private readonly evict: (key: string, g: G, out: Out) => void,
  ) {}

  get size(): number {
    return this.groups.size;
  }

  /** the group of a key tuple, created (after evicting the least recently used) if new */
  lookup(tuple: Value[], out: Out): [string, G] {
    const key = stringifySorted(tuple);
    let g = this.groups.get(key);
    if (g) {
      this.groups.delete(key);
      this.groups.set(key, g);
      return [key, g];
    }
    if (this.groups.size >= this.maxGroups) {
      const [oldKey, old] = this.groups.entries().next().value as [string, G];
      this.evict(oldKey, old, out);
      this.groups.delete(oldKey);
    }
    g = this.create([...tuple, key]);
    this.groups.set(key, g);
    return [key, g];
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
