/**
 * Constant folding. Tremor evaluates constant expressions at compile time, so an error in one
 * (`42 >> 64`, `"a" + 1`, `[1] / [2]`, `{"a": 1}.b`) is a compile error, positioned at the
 * node that fails. Folding runs bottom-up as the lowerer builds each node (children are
 * already folded), using the very helpers the generated code calls, so folded and run-time
 * results cannot differ. `match`, `patch` and `merge` are not folded: Tremor reports their
 * failures at run time.
 */
import * as I from './ir.js';
import { CompileError, error } from '../base/diagnostics.js';
import type { SiteTable } from './sites.js';
import type { Span } from '../base/source.js';
import { Fault } from '../runtime/fault.js';
import { helpers } from '../runtime/helpers.js';
import { toStr } from '../runtime/calls.js';
import { newContext } from '../runtime/context.js';
import { setKey, type Rec, type Value } from '../runtime/value.js';

const allLit = (es: I.Expr[]): es is I.Lit[] => es.every(I.isLit);

/** folds `e` if its children are constants; `sites` resolves faults raised by user functions */
export function fold(e: I.Expr, sites?: SiteTable): I.Expr {
  const at = (span: Span, f: () => Value, spanOf: (site: number) => Span | undefined = () => undefined): I.Expr => {
    try {
      return I.lit(f(), e.span);
    } catch (x) {
      if (x instanceof Fault) {
        const where = spanOf(x.site) ?? sites?.get(x.site) ?? span;
        throw new CompileError([error(x.code, x.message, where, x.hint)]);
      }
      throw x;
    }
  };
  switch (e.k) {
    case 'str':
      if (!allLit(e.parts)) return e;
      return I.lit(e.parts.map((p) => toStr(p.value)).join(''), e.span);
    case 'record': {
      if (!e.fields.every((f) => I.isLit(f.key) && I.isLit(f.value))) return e;
      const r: Rec = {};
      for (const f of e.fields) setKey(r, (f.key as I.Lit).value as string, (f.value as I.Lit).value);
      return I.lit(r, e.span);
    }
    case 'array':
      return allLit(e.items)
        ? I.lit(
            e.items.map((x) => x.value),
            e.span,
          )
        : e;
    case 'bin': {
      if (!I.isLit(e.l) || !I.isLit(e.r)) return e;
      const l = e.l.value;
      const r = e.r.value;
      if (e.op === '==') return I.lit(helpers.eq(l, r), e.span);
      if (e.op === '!=') return I.lit(!helpers.eq(l, r), e.span);
      const op = BIN[e.op];
      return at(e.span, () => op(l, r, -1));
    }
    case 'logic': {
      if (!I.isLit(e.l)) return e;
      const l = e.l.value;
      if (e.op === 'and' && l === false) return I.lit(false, e.span);
      if (e.op === 'or' && l === true) return I.lit(true, e.span);
      if (!I.isLit(e.r)) return e;
      const r = e.r.value;
      return at(e.span, () => {
        if (e.op === 'xor') return helpers.xorRight(helpers.xorLeft(l, -1), r, -1);
        if (e.op === 'and') return l === true ? helpers.logicRight('and', true, r, -1) : helpers.andLeft(l, -1);
        return l === false ? helpers.logicRight('or', false, r, -1) : helpers.orLeft(l, -1);
      });
    }
    case 'un': {
      if (!I.isLit(e.e)) return e;
      const v = e.e.value;
      const f = e.op === '-' ? helpers.neg : e.op === '+' ? helpers.plus : e.op === 'not' ? helpers.not : helpers.bitNot;
      return at(e.op === '-' ? e.span : e.eSpan, () => f(v, -1));
    }
    case 'get':
      if (!I.isLit(e.base)) return e;
      return at(e.span, () => helpers.getKey((e.base as I.Lit).value, e.key, e.what, -1));
    case 'index':
      if (!I.isLit(e.base) || !I.isLit(e.index)) return e;
      return at(e.span, () => helpers.index((e.base as I.Lit).value, (e.index as I.Lit).value, e.what, -1));
    case 'slice': {
      if (!I.isLit(e.base) || !I.isLit(e.start) || !I.isLit(e.end)) return e;
      const spans = [e.span, e.start.span, e.end.span];
      const [b, s, t] = [e.base.value, e.start.value, e.end.value];
      return at(
        e.span,
        () => helpers.slice(b, s, t, -3, -4, -5),
        (site) => (site <= -3 ? spans[-site - 3] : undefined),
      );
    }
    case 'call':
      if (!e.fn.pure || !allLit(e.args)) return e;
      return at(e.span, () => (e.fn.impl as (...a: Value[]) => Value)(...(e.args as I.Lit[]).map((a) => a.value)));
    case 'ucall':
      if (!e.fn.pure || !allLit(e.args)) return e;
      return at(e.span, () => e.fn.call(newContext(), -1, ...(e.args as I.Lit[]).map((a) => a.value)));
    case 'bytes':
      if (!e.parts.every((p) => I.isLit(p.value))) return e;
      return at(e.span, () =>
        helpers.bytes(
          e.parts.flatMap((p) => [(p.value as I.Lit).value, p.bits ?? 0, p.type]),
          -1,
        ),
      );
    default:
      return e;
  }
}

const BIN: Record<Exclude<I.Bin['op'], '==' | '!='>, (a: Value, b: Value, s: number) => Value> = {
  '+': helpers.add,
  '-': helpers.sub,
  '*': helpers.mul,
  '/': helpers.div,
  '%': helpers.mod,
  '&': helpers.band,
  '^': helpers.bxor,
  '<<': helpers.shl,
  '>>': helpers.shr,
  '>>>': helpers.ushr,
  '<': helpers.lt,
  '<=': helpers.le,
  '>': helpers.gt,
  '>=': helpers.ge,
};
