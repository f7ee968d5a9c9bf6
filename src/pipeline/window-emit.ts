/**
 * What a closing window emits, for tumbling and sliding selects alike: the select's target
 * evaluated over the window's accumulators (already in `c.aggr`, `c.group`, `c.window`), kept
 * only if `having` holds. The event takes the metadata, ingest time, id and origin of the
 * event that closed the window (`trigger`), or empty ones at `ts` when a tick or the end of
 * input closed it; it answers for every event in the window (`tx`, runtime/tx.ts).
 */
import type { EvalCtx } from '../runtime/context.js';
import { newEvent, type Event } from '../runtime/event.js';
import type { Tx } from '../runtime/tx.js';
import type { Rec } from '../runtime/value.js';
import type { Out } from './node.js';
import type { SelectPlan } from './plan.js';

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
