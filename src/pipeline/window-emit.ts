/**
 * Both ends of a windowed select, tumbling and sliding alike: which groups an event joins
 * (`windowGroups`), and what a closing window emits: the select's target
 * evaluated over the window's accumulators (already in `c.aggr`, `c.group`, `c.window`), kept
 * only if `having` holds. The event takes the metadata, ingest time, id and origin of the
 * event that closed the window (`trigger`), or empty ones at `ts` when a tick or the end of
 * input closed it; it answers for every event in the window (`tx`, runtime/tx.ts).
 */
import { setEvent, type EvalCtx } from '../runtime/context.js';
import { newEvent, type Event } from '../runtime/event.js';
import type { Tx } from '../runtime/tx.js';
import type { Rec, Value } from '../runtime/value.js';
import type { Out } from './node.js';
import type { SelectPlan } from './plan.js';

/**
 * the group tuples an event of a windowed select belongs to (`[[]]` without `group by`), or
 * null when its `where` drops it; `c` is left set to the event
 */
export function windowGroups(plan: SelectPlan, c: EvalCtx, ev: Event): Value[][] | null {
  setEvent(c, ev);
  c.group = null;
  c.window = null;
  if (plan.where && plan.where(c) !== true) return null;
  return plan.groups ? plan.groups(c) : [[]];
}

/** emits the window whose accumulators are in `c` (see above) */
export function emitWindow(plan: SelectPlan, c: EvalCtx, trigger: Event | null, ts: number | bigint, tx: Tx | null, out: Out): void {
  const meta: Rec = trigger ? trigger.meta : {};
  c.meta = meta;
  c.event = null;
  const v = plan.target(c);
  if (plan.having) {
    c.event = v;
    if (plan.having(c) !== true) return;
  }
  const ev = newEvent(v, trigger ? trigger.ingestNs : ts, trigger ? trigger.id : 0, meta, trigger ? trigger.origin : null);
  ev.tx = tx;
  out.push('out', ev);
}
