/**
 * Sliding windows, which Tremor never shipped (its `from sliding` fails to compile):
 *
 *   define window last_ten from sliding with size = 10, slide = 2 end;         # count
 *   define window last_minute from sliding with interval = 60_000_000_000,     # event time, ns
 *                                           slide = 10_000_000_000 end;
 *
 * A count window covers the last `size` events and emits every `slide` events (default 1);
 * a time window covers the last `interval` nanoseconds of event time and emits every `slide`
 * nanoseconds (required). `size` (or `interval`) must be a multiple of `slide`.
 *
 * Windows are built from panes: each pane is a tumbling window of `slide` events (or
 * nanoseconds, anchored like Tremor's time windows at the first event of the pane). When a
 * pane closes, the window — the last `size / slide` panes, merged into fresh accumulators —
 * is emitted, so partial windows are emitted while the first panes fill up. Every aggregate
 * is mergeable, so no event is accumulated more than once. Time panes also close on runtime
 * ticks. Groups and `max_groups` work as for tumbling windows (src/pipeline/groups.ts).
 */
import { newContext, setEvent } from '../runtime/context.js';
import { ingestBig, type Event } from '../runtime/event.js';
import { atSite } from '../runtime/fault.js';
import { mergeTx, type Tx } from '../runtime/tx.js';
import type { Value } from '../runtime/value.js';
import type { Accumulator } from '../std/aggr/registry.js';
import type { NodeRuntime, Out } from './node.js';
import { emitWindow, windowGroups } from './window-emit.js';
import { GroupTable } from './groups.js';
import type { SelectPlan } from './plan.js';

interface Pane {
  accs: Accumulator[];
  /** events in the pane (count windows) */
  n: number;
  /** first event time (time windows) */
  start: bigint;
  end: bigint;
  /** the transactions of its events (runtime/tx.ts): a window answers for all its panes' */
  tx: Tx | null;
}

interface Group {
  value: Value[];
  panes: Pane[];
  current: Pane | null;
}

export function slidingSelect(plan: SelectPlan): NodeRuntime {
  const w = plan.windows[0];
  const c = newContext();
  const byTime = w.interval !== null;
  const slide = w.slide!;
  const panesPerWindow = Number((byTime ? w.interval! : BigInt(w.size!)) / slide);
  const fresh = (start: bigint): Pane => ({ accs: plan.aggregates.map((a) => a.fn.init()), n: 0, start, end: start + slide, tx: null });

  /** closes the current pane, emits the window of the last panes */
  const closePane = (g: Group, trigger: Event | null, ts: bigint, out: Out): void => {
    if (!g.current) return;
    g.panes.push(g.current);
    g.current = null;
    if (g.panes.length > panesPerWindow) g.panes.splice(0, g.panes.length - panesPerWindow);
    if (byTime) {
      const horizon = ts - w.interval!;
      while (g.panes.length && g.panes[0].end <= horizon) g.panes.shift();
    }
    const merged = plan.aggregates.map((a) => a.fn.init());
    let tx: Tx | null = null;
    for (const p of g.panes) {
      merged.forEach((acc, i) => acc.merge(p.accs[i]));
      tx = mergeTx(tx, p.tx);
    }
    c.aggr = merged;
    c.group = g.value;
    c.window = w.name;
    emitWindow(plan, c, trigger, ts, tx, out);
  };

  const flushGroup = (key: string, g: Group, out: Out) => {
    if (g.current && g.current.n > 0) closePane(g, null, g.current.end, out);
    groups.delete(key);
  };

  const groups: GroupTable<Group> = new GroupTable(plan.groupLimit, (value): Group => ({ value, panes: [], current: null }), flushGroup);

  return {
    event(_port: string, ev: Event, out: Out): void {
      const tuples = windowGroups(plan, c, ev);
      if (tuples === null) return;
      const ts = ingestBig(ev);
      for (const tuple of tuples) {
        const { key, group: g, fresh: isNew } = groups.lookup(tuple, out);
        c.cardinality = groups.size;
        setEvent(c, ev);
        c.group = g.value;
        c.window = w.name;
        // a time pane ends before the event that is past it (the event starts the next pane)
        if (byTime && g.current && ts >= g.current.end) closePane(g, ev, ts, out);
        g.current ??= fresh(ts);
        setEvent(c, ev);
        c.group = g.value;
        const pane = g.current;
        plan.aggregates.forEach((a, i) => {
          try {
            pane.accs[i].accumulate(a.args(c));
          } catch (e) {
            throw atSite(e, a.site);
          }
        });
        pane.n++;
        if (ev.tx) pane.tx = mergeTx(pane.tx, ev.tx);
        if (!byTime && pane.n >= Number(slide)) closePane(g, ev, ts, out);
        // a sliding group always remembers its panes, so a new one is always kept
        if (isNew) groups.keep(key, g);
      }
    },

    tick(ns: bigint, out: Out): void {
      if (!byTime) return;
      for (const g of groups.values()) if (g.current && ns >= g.current.end) closePane(g, null, ns, out);
    },

    flush(out: Out): void {
      for (const [key, g] of groups.snapshot()) flushGroup(key, g, out);
    },
  };
}
