/**
 * Group keys of `group by` (reference §6.5): an expression gives one group, `each(array)` one
 * group per element, `set(a, b, …)` the cartesian product of its items, in order.
 */
import { fault } from './fault.js';
import { typeName, type Value } from './value.js';

/** `group by expr` or a plain item of `set(…)` */
export function groupOne(v: Value): Value[][] {
  return [[v]];
}

/** `each(expr)`: the expression must be an array; an empty one means no group at all */
export function groupEach(v: Value, site: number): Value[][] {
  if (!Array.isArray(v)) return fault('T003', `Conflicting types, got ${typeName(v)} but expected array`, site);
  return v.map((x) => [x]);
}

/** `set(…)`: the cartesian product of the items' group lists */
export function groupSet(lists: Value[][][]): Value[][] {
  let acc: Value[][] = [[]];
  for (const list of lists) {
    const next: Value[][] = [];
    for (const a of acc) for (const b of list) next.push([...a, ...b]);
    acc = next;
  }
  return acc;
}
