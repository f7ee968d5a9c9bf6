/**
 * Windowed selects (reference §6.4, §7).
 *
 * Each group of a select keeps, per window level, the window's own state (a count, the next
 * closing time, a script state) and one accumulator per aggregate call site. An event is
 * offered to level 0, which answers two questions: does the event belong to the window being
 * closed (include), and does the window close now (emit)? An included event is accumulated
 * first; a closing window with data evaluates the target (and having) over its accumulators
 * and emits, then hands its accumulators to the next level — a tilt frame, which decides
 * the same way as if one event had arrived — and starts afresh; an excluded event then goes
 * into the fresh window. Outputs therefore come smallest window first.
 *
 * A group disappears when, after an emission, no level holds data; a new group is kept only
 * if it holds data after its first event, and `max_groups` bounds the number of live groups
 * (src/pipeline/groups.ts: the new group is refused, or the least recently used one is
 * flushed to make room). With `emit_empty_windows` a time window that closes without data
 * still emits, and groups stay. Time windows also close on runtime ticks, and at end of
 * input `flush` emits every window that holds data (batch mode).
 */
import { newContext, setEvent } from '../runtime/context.js';
import { ingestBig, type Event } from '../runtime/event.js';
import { atSite, fault } from '../runtime/fault.js';
import { mergeTx, type Tx } from '../runtime/tx.js';
import { stringifySorted } from '../runtime/json.js';
import { clone, isInt, toBig, typeName, type Value } from '../runtime/value.js';
import type { Accumulator } from '../std/aggr/registry.js';
import type { NodeRuntime, Out } from './node.js';
import { emitWindow, windowGroups } from './window-emit.js';
import { GroupTable } from './groups.js';
import type { SelectPlan, WindowPlan } from './plan.js';

interface Level {
  accs: Accumulator[];
  hasData: boolean;
  count: number;
  nextClose: bigint | null;
  state: Value;
  /** the transactions of the events in the window (runtime/tx.ts) */
  tx: Tx | null;
}

interface Group {
  value: Value[];
  levels: Level[];
}

export function windowedSelect(plan: SelectPlan): NodeRuntime {
  const c = newContext();
  const windows = plan.windows;

  const freshLevel = (w: WindowPlan): Level => ({
    accs: plan.aggregates.map((a) => a.fn.init()),
    hasData: false,
    count: 0,
    nextClose: null,
    state: w.state === undefined ? null : clone(w.state),
    tx: null,
  });

  /** include / emit for `w` at time `ts`, or for an event with context `c` when `ev` */
  const decide = (w: WindowPlan, l: Level, ts: bigint, ev: boolean): [boolean, boolean] => {
    if (w.state !== undefined) {
      if (!w.script || !ev) return [false, false];
      c.state = l.state;
      const r = w.script(c);
      l.state = c.state;
      if (r === true) return [true, true];
      if (r === false) return [true, false];
      if (Array.isArray(r) && r.length === 2 && typeof r[0] === 'boolean' && typeof r[1] === 'boolean') return [r[1], r[0]];
      if (Array.isArray(r)) return fault('R015', 'An array as return value needs to be a two-element array of booleans with the form `[emit, include]`', w.scriptSite);
      return fault('R015', `Window returned \`${stringifySorted(r)}\` this can't be used as a window reply`, w.scriptSite);
    }
    if (w.size !== null) {
      let weight = 1;
      if (w.script && ev) {
        const r = w.script(c);
        if (!isInt(r) || toBig(r) < 0n) return fault('R015', `Window script must return a non-negative integer, got ${typeName(r)}`, w.scriptSite);
        weight = Number(r);
      }
      l.count += weight;
      if (l.count >= w.size) {
        l.count -= w.size;
        return [true, true];
      }
      return [true, false];
    }
    let t = ts;
    if (w.script && ev) {
      const r = w.script(c);
      if (!isInt(r)) return fault('R015', `Window script must return an integer timestamp, got ${typeName(r)}`, w.scriptSite);
      t = toBig(r);
    }
    if (l.nextClose === null) {
      l.nextClose = t + w.interval!;
      return [true, false];
    }
    if (t >= l.nextClose) {
      l.nextClose = t + w.interval!;
      return [false, true];
    }
    return [true, false];
  };

  const emitLevel = (g: Group, k: number, trigger: Event | null, ts: bigint, out: Out): void => {
    const l = g.levels[k];
    c.aggr = l.accs;
    c.window = windows[k].name;
    emitWindow(plan, c, trigger, ts, l.tx, out);
  };

  /** level k receives an event (k = 0) or the accumulators of level k - 1 */
  const offer = (g: Group, k: number, from: Level | null, trigger: Event | null, ts: bigint, out: Out, args: Value[][] | null): void => {
    const l = g.levels[k];
    const take = () => {
      if (from) {
        l.accs.forEach((a, i) => a.merge(from.accs[i]));
        l.tx = mergeTx(l.tx, from.tx);
      } else if (args) {
        if (trigger?.tx) l.tx = mergeTx(l.tx, trigger.tx);
        for (let i = 0; i < l.accs.length; i++) {
          try {
            l.accs[i].accumulate(args[i]);
          } catch (e) {
            throw atSite(e, plan.aggregates[i].site);
          }
        }
      }
      l.hasData = true;
    };
    const [include, emit] = decide(windows[k], l, ts, k === 0 && trigger !== null && from === null);
    if (include) take();
    if (emit) close(g, k, trigger, ts, out);
    if (!include) take();
  };

  const close = (g: Group, k: number, trigger: Event | null, ts: bigint, out: Out): void => {
    const l = g.levels[k];
    if (!l.hasData && !windows[k].emitEmpty) return;
    emitLevel(g, k, trigger, ts, out);
    if (k + 1 < windows.length) offer(g, k + 1, l, trigger, ts, out, null);
    const fresh = freshLevel(windows[k]);
    l.accs = fresh.accs;
    l.hasData = false;
    l.tx = null;
  };

  /** a group with nothing pending is not kept (unless empty windows are emitted: ticks need it) */
  const idle = (g: Group) => !windows[0].emitEmpty && g.levels.every((l) => !l.hasData);

  /** emits every level of a group that holds data, smallest first, and drops the group */
  const flushGroup = (key: string, g: Group, out: Out) => {
    c.cardinality = groups.size;
    c.group = g.value;
    for (let k = 0; k < windows.length; k++) {
      const l = g.levels[k];
      if (!l.hasData) continue;
      emitLevel(g, k, null, 0n, out);
      if (k + 1 < windows.length) {
        g.levels[k + 1].accs.forEach((a, i) => a.merge(l.accs[i]));
        g.levels[k + 1].hasData = true;
        g.levels[k + 1].tx = mergeTx(g.levels[k + 1].tx, l.tx);
      }
      l.hasData = false;
      l.tx = null;
    }
    groups.delete(key);
  };

  // under `evict` the least recently used group is flushed (its open windows emitted) to make room
  const groups: GroupTable<Group> = new GroupTable(plan.groupLimit, (value) => ({ value, levels: windows.map(freshLevel) }), flushGroup);

  return {
    event(_port: string, ev: Event, out: Out): void {
      const tuples = windowGroups(plan, c, ev);
      if (tuples === null) return;
      const ts = ingestBig(ev);
      for (const tuple of tuples) {
        const { key, group: g, fresh } = groups.lookup(tuple, out);
        c.cardinality = groups.size;
        setEvent(c, ev);
        c.group = g.value;
        c.window = windows[0].name;
        const args = plan.aggregates.map((a) => a.args(c));
        offer(g, 0, null, ev, ts, out, args);
        if (idle(g)) groups.delete(key);
        else if (fresh) groups.keep(key, g);
      }
    },

    tick(ns: bigint, out: Out): void {
      if (windows[0].interval === null || windows[0].script) return;
      for (const [key, g] of groups.snapshot()) {
        c.cardinality = groups.size;
        c.group = g.value;
        const [, emit] = decide(windows[0], g.levels[0], ns, false);
        if (emit) close(g, 0, null, ns, out);
        if (idle(g)) groups.delete(key);
      }
    },

    flush(out: Out): void {
      for (const [key, g] of groups.snapshot()) flushGroup(key, g, out);
    },
  };
}
