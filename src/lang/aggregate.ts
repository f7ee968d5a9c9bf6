/**
 * Lowering an `aggr::…` call: only meaningful in a windowed select, where it becomes an
 * accumulator of the select (src/lang/query/select.ts collects them from the frame). The
 * lowerer (src/lang/lower.ts) passes itself in as `lower`, for the arguments.
 */
import type * as A from './ast.js';
import type * as I from './ir.js';
import { error, fail, failWith } from '../base/diagnostics.js';
import type { Span } from '../base/source.js';
import { aggregateFn } from '../std/aggr/index.js';
import { containsNode } from './contains.js';
import type { Frame } from './frame.js';

/** the aggregate a call makes, or null for a call that is not `aggr::module::fn` */
export function lowerAggregate(e: A.Call, f: Frame, aggrAliased: boolean, lower: (arg: A.Expr) => I.Expr): I.Expr | null {
  if (e.names[0] !== 'aggr' || e.names.length !== 3 || aggrAliased) return null;
  if (f.inAggregate) aggrInAggr(e.span);
  for (const a of e.args) {
    const nested = findAggregate(a);
    if (nested) aggrInAggr(nested.span);
  }
  const fn = aggregateFn(e.names[1], e.names[2]);
  if (!fn) fail('C003', `Call to undefined function ${e.names.join('::')}`, e.span);
  if (f.kind !== 'select' || !f.windowed || !f.aggregates) {
    fail('C016', `Aggregate functions like ${e.names.join('::')} can only be used in the target or having clause of a windowed select`, e.span);
  }
  if (e.args.length < fn.minArity || e.args.length > fn.maxArity) {
    failWith({ ...error('C004', `Bad arity for function ${fn.fullName}/${e.args.length}`, e.span), caretLines: 2 });
  }
  f.inAggregate = true;
  try {
    const args = e.args.map(lower);
    const index = f.aggregates.push({ fn, args, span: e.span }) - 1;
    return { k: 'aggr', fn, index, args, span: e.span };
  } finally {
    f.inAggregate = false;
  }
}

const SPAN_ONLY: ReadonlySet<string> = new Set(['span']);

/**
 * Tremor's `AggrInAggr`, raised at the nested aggregate: its lines are shown, and under them
 * the call grown by two lines (`expand_lines(2)` as the inner span: carets from column 1).
 */
function aggrInAggr(span: Span): never {
  return failWith({ ...error('C016', 'Aggregates can not be called inside of aggregates', span), caretLines: 2 });
}

/** the first `aggr::…` call inside an expression */
function findAggregate(e: A.Expr): { span: Span } | null {
  let found: { span: Span } | null = null;
  containsNode(
    e,
    (o) => {
      const hit = o.kind === 'call' && Array.isArray(o.names) && o.names[0] === 'aggr';
      if (hit) found = o as unknown as { span: Span };
      return hit;
    },
    SPAN_ONLY,
  );
  return found;
}
