/**
 * Code for `patch target of … end` (reference §5.6): every value is evaluated first, then
 * the operations are applied in order to a copy of the target.
 */
import * as I from './ir.js';
import type { Emitter } from './emitter.js';

export function patch(g: Emitter, e: I.PatchE): string {
  // every value is evaluated first, against the original environment (`default` lazily)
  const keys: (string | null)[] = [];
  const froms: ([string, string] | null)[] = [];
  const values: (string | null)[] = [];
  for (const op of e.ops) {
    if ('from' in op) {
      keys.push(null);
      froms.push([g.emit(op.from, true), g.emit(op.to, true)]);
      values.push(null);
    } else {
      keys.push(op.key ? g.emit(op.key, true) : null);
      froms.push(null);
      values.push(op.k !== 'erase' && op.k !== 'default' ? g.emit(op.value) : null);
    }
  }
  const r = g.tmp();
  // a failing operation (or target) shows the whole patch
  g.p.line(`let ${r} = ${g.h('patchTarget')}(${g.emit(e.target, true)}, ${g.site(e.target.span, { context: e.span })});`);
  e.ops.forEach((op, i) => {
    const site = g.site(op.span, { context: e.span });
    switch (op.k) {
      case 'insert':
        return g.p.line(`${g.h('patchInsert')}(${r}, ${keys[i]}, ${values[i]}, ${site});`);
      case 'update':
        return g.p.line(`${g.h('patchUpdate')}(${r}, ${keys[i]}, ${values[i]}, ${site});`);
      case 'upsert':
        return g.p.line(`${g.h('patchUpsert')}(${r}, ${keys[i]}, ${values[i]}, ${site});`);
      case 'erase':
        return g.p.line(`${g.h('patchErase')}(${r}, ${keys[i]}, ${site});`);
      case 'copy':
      case 'move':
        return g.p.line(`${g.h('patchCopy')}(${r}, ${froms[i]![0]}, ${froms[i]![1]}, ${site}, ${op.k === 'move'});`);
      case 'merge':
        if (keys[i] === null) return g.p.line(`${r} = ${g.h('patchMergeAll')}(${r}, ${values[i]}, ${site});`);
        return g.p.line(`${g.h('patchMergeKey')}(${r}, ${keys[i]}, ${values[i]}, ${site});`);
      case 'default':
        if (keys[i] === null) return g.p.line(`${r} = ${g.h('patchDefaultAll')}(${r}, ${g.emit(op.value, true)}, ${site});`);
        return g.p.nest(`if (!${g.h('hasKey')}(${r}, ${keys[i]}))`, () => {
          g.p.line(`${g.h('patchUpsert')}(${r}, ${keys[i]}, ${g.emit(op.value)}, ${site});`);
        });
      default:
        return I.unreachable(op);
    }
  });
  return r;
}
