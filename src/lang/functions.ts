/**
 * The definitions of values every file kind shares: `const`, `fn` and `intrinsic`, and the
 * evaluation of constant expressions.
 *
 * User functions are compiled to JavaScript as soon as they are defined, so later constants
 * can call them (Tremor folds `const TWO = twofn(1);`).
 */
import type * as A from './ast.js';
import type * as I from './ir.js';
import { fail, warning } from '../base/diagnostics.js';
import type { Span } from '../base/source.js';
import type { Value } from '../runtime/value.js';
import { type ARGS_UNKNOWN, Frame } from './frame.js';
import { Lowerer, notConstant } from './lower.js';
import type { ModRef, ModuleScope } from './scope.js';
import type { Session } from './session.js';
import { compileUnit } from './unit.js';

export class FunctionCompiler {
  constructor(
    private readonly session: Session,
    /** the std library module at a path (for `intrinsic`) */
    private readonly stdModule: (path: string[]) => ModRef | null,
  ) {}

  defineConst(scope: ModuleScope, c: A.Const): void {
    if (scope.consts.has(c.name)) fail('C002', `Can't define the const \`${c.name}\` twice`, c.span);
    if (c.name !== c.name.toUpperCase()) this.session.warn(warning('W003', 'consistency', "const's are canonically written in UPPER_CASE", c.span));
    scope.consts.set(c.name, this.constant(scope, c.value, c.span, null));
  }

  /** evaluates a constant expression (const, args defaults, with values, window settings) */
  constant(scope: ModuleScope, e: A.Expr, span: Span, args: Value | null | typeof ARGS_UNKNOWN): Value {
    const f = new Frame('const', args);
    f.statement = span;
    const x = new Lowerer(this.session, scope).expr(e, f);
    if (x.k !== 'lit') return notConstant(f, span);
    return x.value;
  }

  defineFn(scope: ModuleScope, d: A.FnDef): void {
    if (scope.fns.has(d.name)) fail('C002', `Can't define the function \`${d.name}\` twice`, d.span);
    const f = new Frame('fn', null);
    d.params.forEach((p) => f.param(p));
    f.arity = d.params.length;
    if (d.variadic) f.argsSlot = f.param('<args>');
    const lw = new Lowerer(this.session, scope);
    const body = d.body ? lw.body(d.body, f, true, d.span) : this.fnCases(d, f, lw);
    const shape = { k: 'fn', name: d.name, body, params: d.params.length, variadic: d.variadic, slots: f.slots.length, recurs: f.recurs } as const;
    const { fn: call } = compileUnit<(...a: unknown[]) => Value>(this.session.sites, shape);
    scope.fns.set(d.name, { name: d.name, arity: d.params.length, variadic: d.variadic, pure: !f.impure, call });
  }

  /**
   * `fn f(a, b) of case (p, q) when g => … end`: a match over the argument tuple; on a match
   * each argument is rebound to its pattern's result (an extractor replaces it with what it
   * extracted), only once the whole case has matched.
   */
  private fnCases(d: A.FnDef, f: Frame, lw: Lowerer): I.Expr {
    const span = d.span;
    const target: I.Expr = { k: 'array', items: d.params.map((name, slot) => ({ k: 'local', slot, name, span })), span };
    const cases: I.Case[] = d.cases!.map((c) =>
      f.clauseScope(() => {
        if (!c.patterns) return { pattern: { k: 'any' } as I.Pat, guard: null, body: lw.body(c.body, f, true, c.span), span: c.span };
        const tuple: A.Pattern = { kind: 'tuple', elems: c.patterns, open: false, span: c.span };
        const hidden = f.bindInClause('<match>');
        const pattern: I.Pat = { k: 'bind', slot: hidden, pat: lw.pattern(tuple, f) };
        const rebinds: I.Expr[] = d.params.map((name, slot) => ({
          k: 'let',
          target: { k: 'local', slot, segs: [] },
          value: { k: 'index', base: { k: 'local', slot: hidden, name, span }, index: { k: 'lit', value: slot, span }, what: 'local', span },
          span,
        }));
        const guard = c.guard ? lw.expr(c.guard, f) : null;
        const body = lw.body(c.body, f, true, c.span);
        return { pattern, guard, body: { k: 'seq', exprs: [...rebinds, body], span: c.span } as I.Expr, span: c.span };
      }),
    );
    return { k: 'match', target, cases, span };
  }

  intrinsic(scope: ModuleScope, d: A.Intrinsic): void {
    const mod = this.stdModule(d.target.slice(0, -1));
    const fn = mod?.k === 'std' ? mod.mod.fns[d.target[d.target.length - 1]] : undefined;
    if (!fn) fail('C003', `Unknown intrinsic function ${d.target.join('::')}`, d.span);
    const call = (...a: unknown[]) => fn.impl(...(a.slice(2) as Value[]));
    scope.fns.set(d.name, { name: d.name, arity: d.params.length, variadic: d.variadic, pure: fn.pure && !fn.ctx, call });
  }
}
