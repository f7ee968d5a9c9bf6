/**
 * A `select` node. Without windows the select works per event: the fused function filters and
 * maps in one call; with `group by` the target is evaluated once per group of the event.
 * Windowed selects keep per-group window state (src/pipeline/windowed.ts).
 */
import { newContext } from '../runtime/context.js';
import { KeyReads } from '../runtime/decode-keys.js';
import { LazyEvent, newEvent, withData } from '../runtime/event.js';
import { stringifySorted } from '../runtime/json.js';
import type { NodeRuntime } from './node.js';
import type { SelectPlan } from './plan.js';
import { slidingSelect } from './sliding.js';
import { windowedSelect } from './windowed.js';

const NO_GROUP = [null, '[null]'];

export function selectNode(plan: SelectPlan): NodeRuntime {
  if (plan.windows.length > 0) return plan.windows[0].kind === 'sliding' ? slidingSelect(plan) : windowedSelect(plan);
  if (plan.identity) return { event: (_port, ev, out) => out.push('out', ev) };
  const c = newContext();
  const fused = plan.fused;
  if (fused) {
    c.group = NO_GROUP;
    const reads = plan.reads === null ? null : new KeyReads(plan.reads);
    return {
      event(_port, ev, out) {
        // an undecoded event: just the keys the select reads (LazyEvent.partial)
        const lazy = reads !== null && ev instanceof LazyEvent ? ev : null;
        c.event = lazy !== null ? lazy.partial(reads!) : ev.data;
        c.meta = ev.meta;
        c.ingestNs = ev.ingestNs;
        c.origin = ev.origin;
        const v = fused(c);
        if (v !== undefined) out.push('out', lazy?.handsOn(v) ? ev : withData(ev, v));
      },
    };
  }
  return {
    event(_port, ev, out) {
      c.event = ev.data;
      c.meta = ev.meta;
      c.ingestNs = ev.ingestNs;
      c.origin = ev.origin;
      c.group = null;
      if (plan.where && plan.where(c) !== true) return;
      const groups = plan.groups!(c);
      for (const g of groups) {
        c.event = ev.data;
        c.group = [...g, stringifySorted(g)];
        const v = plan.target(c);
        if (plan.having) {
          c.event = v;
          if (plan.having(c) !== true) continue;
        }
        const o = newEvent(v, ev.ingestNs, ev.id, ev.meta, ev.origin);
        o.tx = ev.tx;
        out.push('out', o);
      }
    },
  };
}
