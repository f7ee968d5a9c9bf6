/**
 * Whether a pipeline keeps anything from one event to the next. A stateless pipeline's output
 * for an event depends on that event alone, so batches of events may run on several threads
 * at once and their outputs be put back in order (src/stream/parallel/): the result is the
 * same as on one thread.
 *
 * Stateful: a select with a window, a `group by` or an aggregate (they keep groups); a script
 * that declares or uses `state`; every operator (counters, batches, buckets, dedup … keep
 * something, or depend on time).
 */
import type { PipelinePlan } from './plan.js';

/** why the pipeline must run on one thread, or null when it is stateless */
export function statefulNode(plan: PipelinePlan): string | null {
  for (const n of plan.nodes) {
    switch (n.kind) {
      case 'select':
        if (n.windows.length > 0 || n.groups !== null || n.aggregates.length > 0) return `select ${n.name} keeps windows or groups`;
        break;
      case 'script':
        if (n.stateful) return `script ${n.name} keeps state`;
        break;
      case 'operator':
        return `operator ${n.name} (${n.type}) keeps state`;
      default:
        break;
    }
  }
  return null;
}
