/**
 * Whether a unit of code reads or writes `state` (a script's state across events). A script
 * that does not is stateless: its events may be processed on several threads at once
 * (src/pipeline/stateless.ts).
 */
import type * as I from './ir.js';

export function usesState(ir: I.Expr): boolean {
  return visit(ir, new Set());
}

/** every IR node is a plain object with a kind `k`; a generic walk misses no new kind */
function visit(x: unknown, seen: Set<object>): boolean {
  if (x === null || typeof x !== 'object' || seen.has(x)) return false;
  seen.add(x);
  if (Array.isArray(x)) return x.some((v) => visit(v, seen));
  const o = x as { k?: unknown; root?: unknown };
  // a read (`state.a`) or a write (`let state.a = …`)
  if ((o.k === 'root' && o.root === 'state') || o.k === 'state') return true;
  for (const v of Object.values(o)) if (visit(v, seen)) return true;
  return false;
}
