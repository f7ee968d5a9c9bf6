/**
 * A `select` statement -> a SelectPlan: its clauses lowered in a read-only frame where plain
 * locals are not allowed, and generated as specialised functions. A select without windows
 * or grouping gets one fused function (where, target and having in one pass); otherwise each
 * clause is its own function and the runtime does the grouping and windowing.
 */
import { keysOf, payloadReads } from '../payload-reads.js';
import type * as A from '../ast.js';
import { fail } from '../../base/diagnostics.js';
import { Frame } from '../frame.js';
import type * as I from '../ir.js';
import { Lowerer } from '../lower.js';
import type { Compilation } from '../session.js';
import type { ModuleScope } from '../scope.js';
import type { SelectPlan, WindowPlan, Compiled } from '../../pipeline/plan.js';
import type { GroupLimit } from '../../pipeline/groups.js';
import type { Value } from '../../runtime/value.js';
import { windowPlan } from './window.js';
import { compileUnit, type UnitShape } from '../unit.js';

export function compileSelect(program: Compilation, scope: ModuleScope, s: A.Select, args: Value, name: string): SelectPlan {
  const windows: WindowPlan[] = s.windows.map((w) => windowPlan(program, scope, w.names, w.span, args));
  const windowed = windows.length > 0;
  if (windows.some((w) => w.kind === 'sliding') && windows.length > 1) {
    fail('C015', 'A sliding window cannot be stacked with other windows', s.windows[0].span);
  }
  const lw = new Lowerer(program, scope);
  const frame = (clause: A.Expr | null): Frame => {
    const f = new Frame('select', args);
    f.clause = clause?.span ?? s.span;
    f.statement = s.span;
    return f;
  };

  const whereF = frame(s.where);
  const where = s.where ? lw.expr(s.where, whereF) : null;

  const groupF = frame(null);
  const groupExprs: string[] = [];
  const group = s.groupBy ? lowerGroup(s.groupBy, lw, groupF, groupExprs) : null;

  // target and having share the accumulators of a windowed select
  const targetF = frame(s.target);
  targetF.windowed = windowed;
  targetF.aggregates = windowed ? [] : null;
  const target = withGroupRewrite(s.target, groupExprs, lw, targetF);
  const havingF = frame(s.having);
  havingF.windowed = windowed;
  havingF.aggregates = targetF.aggregates;
  const having = s.having ? withGroupRewrite(s.having, groupExprs, lw, havingF) : null;

  const fn = <R>(shape: UnitShape) => compileUnit<Compiled<R>>(program.sites, shape).fn;
  const slots = Math.max(whereF.slots.length, targetF.slots.length, havingF.slots.length, groupF.slots.length);

  const plain = !windowed && !group;
  const aggregates = (targetF.aggregates ?? []).map((a) => ({
    fn: a.fn,
    args: fn<Value[]>({ k: 'expression', e: { k: 'array', items: a.args, span: a.span }, slots }),
    site: program.sites.add(a.span),
  }));
  return {
    kind: 'select',
    name,
    identity: plain && where === null && having === null && target.k === 'root' && target.root === 'event',
    reads: plain ? keysOf(payloadReads([where, having], target)) : null,
    fused: plain ? fn<Value | undefined>({ k: 'select', where, target, having, slots }) : null,
    // a plain select only ever runs its fused function
    where: where && !plain ? fn<Value>({ k: 'condition', e: where, slots }) : null,
    groups: group ? fn<Value[][]>({ k: 'groups', groups: group, slots }) : null,
    target: plain ? unused : fn<Value>({ k: 'expression', e: target, slots }),
    having: having && !plain ? fn<Value>({ k: 'condition', e: having, slots }) : null,
    windows,
    aggregates,
    groupLimit: groupLimit(windows, program.sites.add(s.groupBy?.span ?? s.span)),
  };
}

/**
 * The smallest `max_groups` of the windows bounds the select's groups (as in Tremor), and
 * the window that sets it decides what a full table does (`on_max_groups`). A failure points
 * at the `group by` (Tremor's inner span), or the select without one.
 */
function groupLimit(windows: WindowPlan[], site: number): GroupLimit {
  let limit: GroupLimit = { maxGroups: Infinity, overflow: 'ignore', site };
  for (const w of windows) if (w.maxGroups < limit.maxGroups) limit = { maxGroups: w.maxGroups, overflow: w.overflow, site };
  return limit;
}

const unused: Compiled<Value> = () => null;

function lowerGroup(g: A.GroupDef, lw: Lowerer, f: Frame, exprs: string[]): I.GroupIR {
  switch (g.kind) {
    case 'expr':
      exprs.push(exprKey(g.expr));
      return { k: 'expr', expr: lw.expr(g.expr, f) };
    case 'each':
      exprs.push(exprKey(g.expr));
      return { k: 'each', expr: lw.expr(g.expr, f) };
    case 'set':
      return { k: 'set', items: g.items.map((i) => lowerGroup(i, lw, f, exprs)) };
    default:
      return fail('C024', 'unknown group by form');
  }
}

/**
 * In a windowed select a target sub-expression identical to a group-by expression reads
 * `group[i]` (reference §6.3); elsewhere it is evaluated as written.
 */
function withGroupRewrite(e: A.Expr, groupExprs: string[], lw: Lowerer, f: Frame): I.Expr {
  if (!f.windowed || groupExprs.length === 0) return lw.expr(e, f);
  return lw.expr(rewrite(e, groupExprs), f);
}

function rewrite(e: A.Expr, groupExprs: string[]): A.Expr {
  const i = groupExprs.indexOf(exprKey(e));
  if (i >= 0) {
    const span = e.span;
    return { kind: 'path', root: { kind: 'group', span }, segments: [{ kind: 'index', index: { kind: 'literal', value: i, span }, span }], span };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) out[k] = k === 'span' ? v : rewriteAny(v, groupExprs);
  return out as unknown as A.Expr;
}

function rewriteAny(v: unknown, groupExprs: string[]): unknown {
  if (Array.isArray(v)) return v.map((x) => rewriteAny(x, groupExprs));
  if (v && typeof v === 'object' && 'kind' in v && 'span' in v && isExprKind((v as { kind: string }).kind)) return rewrite(v as A.Expr, groupExprs);
  if (v && typeof v === 'object' && !('src' in v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === 'span' ? x : rewriteAny(x, groupExprs);
    return out;
  }
  return v;
}

const EXPR_KINDS = new Set(['literal', 'string', 'record', 'array', 'binary', 'unary', 'presence', 'path', 'call', 'recur', 'match', 'for', 'patch', 'merge', 'binaryLit']);
const isExprKind = (k: string) => EXPR_KINDS.has(k);

/** structural identity of an expression, ignoring positions */
export function exprKey(e: unknown): string {
  return JSON.stringify(e, (k, v) => (k === 'span' || k === 'typeSpan' ? undefined : typeof v === 'bigint' ? `${v}n` : v));
}
