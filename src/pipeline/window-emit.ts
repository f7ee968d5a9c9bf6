/**
 * What a closing window emits, for tumbling and sliding selects alike: the select's target
 * evaluated over the window's accumulators (already in `c.aggr`, `c.group`, `c.window`), kept
 * only if `having` holds. The event takes the metadata, ingest time, id and origin of the
 * event that closed the window (`trigger`), or empty ones at `ts` when a tick or the end of
 * input closed it.
 */
import type { EvalCtx } from '../runtime/context.js';
import { newEvent, type Event } from '../runtime/event.js';
import type { Rec } from '../runtime/value.js';
import type { Out } from './node.js';
import type { SelectPlan } from './plan.js';

export function emitWindow(plan: SelectPlan, c: EvalCtx, trigger: Event | null, ts: number | bigint, out: Out): void {
  const meta: Rec = trigger ? trigger.meta : {};
  c.meta = meta;
  c.event = null;
  const v = plan.target(c);
  if (plan.having) {
    c.event = v;
    if (plan.having(c) !== true) return;
  }
  out.push('out', newEvent(v, trigger ? trigger.ingestNs : ts, trigger ? trigger.id : 0, meta, trigger ? trigger.origin : null));
}
