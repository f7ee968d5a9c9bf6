/**
 * A program being compiled: one main file plus the modules it uses. It owns what is shared
 * across the whole compilation — the module loader and cache, the std library tree, the
 * call-site table of all generated code, and the warnings — and defines the statements every
 * file kind shares: `use`, `const`, `fn` and `intrinsic`.
 *
 * User functions are compiled to JavaScript as soon as they are defined, so later constants
 * can call them (Tremor folds `const TWO = twofn(1);`).
 */
import type * as A from './ast.js';
import * as I from './ir.js';
import { CodeGen, SiteTable } from './codegen.js';
import { instantiate } from './compile.js';
import { fail, warning, type Diagnostic } from '../base/diagnostics.js';
import { ARGS_UNKNOWN, Frame } from './frame.js';
import { Lowerer, hasEffect, notConstant } from './lower.js';
import { parseModule } from './parse.js';
import { ModuleScope, moduleNotFound, type ModRef, type ModuleLoader } from './scope.js';
import { cover, type Source, type Span } from '../base/source.js';
import { stdRoot } from '../std/index.js';
import type { StdModule } from '../std/registry.js';
import { aggregateFn } from '../std/aggr/index.js';
import type { Value } from '../runtime/value.js';
import { compileScriptDef } from './query/nodes.js';
import { checkWindow } from './query/window.js';
import { checkPipeline } from './query/graph.js';

export class Program {
  readonly sites = new SiteTable();
  readonly warnings: Diagnostic[] = [];
  private readonly modules = new Map<string, ModuleScope>();
  private readonly loading = new Set<string>();

  constructor(
    readonly loader: ModuleLoader,
    readonly std: StdModule = stdRoot(),
  ) {}

  warn(d: Diagnostic): void {
    // definitions are checked where they are written and again where they are created
    const dup = this.warnings.some((w) => w.code === d.code && w.message === d.message && w.span?.start === d.span?.start && w.span?.src === d.span?.src);
    if (!dup) this.warnings.push(d);
  }

  /**
   * Runs the definitions of a script body in order (use, const, fn, intrinsic) and returns
   * its expressions. Definitions apply from where they stand: a function must be defined
   * before it is called.
   */
  scriptBody(stmts: A.ScriptStmt[], scope: ModuleScope, f: Frame): { exprs: A.Expr[]; lowered: I.Expr[] } {
    const lw = new Lowerer(this, scope);
    const exprs: A.Expr[] = [];
    const lowered: I.Expr[] = [];
    stmts.forEach((s, i) => {
      switch (s.kind) {
        case 'use':
          return this.use(scope, s);
        case 'const':
          return this.defineConst(scope, s);
        case 'fn':
          return this.defineFn(scope, s);
        case 'intrinsic':
          return this.intrinsic(scope, s);
        case 'expr': {
          exprs.push(s.expr);
          const last = !stmts.slice(i + 1).some((x) => x.kind === 'expr');
          const x = lw.expr(s.expr, f, false);
          if (last || hasEffect(x)) lowered.push(x);
          return;
        }
        default:
          return I.unreachable(s);
      }
    });
    return { exprs, lowered };
  }

  use(scope: ModuleScope, u: A.Use): void {
    for (const imp of u.imports) {
      const ref: ModRef = this.stdModule(imp.path) ?? { k: 'user', scope: this.loadModule(imp.path, imp.span) };
      scope.aliases.set(imp.alias, ref);
    }
  }

  private stdModule(path: string[]): ModRef | null {
    let mod: StdModule | undefined = this.std;
    for (const n of path) {
      mod = mod.mods[n];
      if (!mod) return null;
    }
    return { k: 'std', mod, path };
  }

  loadModule(path: string[], span: Span): ModuleScope {
    const src = this.loader.load(path, span.src);
    if (!src) return moduleNotFound(path, span, this.loader);
    const cached = this.modules.get(src.name);
    if (cached) return cached;
    if (this.loading.has(src.name)) fail('C005', `Cyclic module dependency: ${path.join('::')}`, span);
    this.loading.add(src.name);
    try {
      const scope = this.module(src, path);
      this.modules.set(src.name, scope);
      return scope;
    } finally {
      this.loading.delete(src.name);
    }
  }

  /** parses a module file and runs its statements (definitions are checked as they are made) */
  module(src: Source, path: string[]): ModuleScope {
    const ast = parseModule(src);
    const scope = new ModuleScope(path, src);
    for (const s of ast.body) this.moduleStmt(scope, s);
    return scope;
  }

  /** a statement of a module file, or of the top level of a query or deployment */
  moduleStmt(scope: ModuleScope, s: A.ModuleStmt): void {
    const define = <T extends { name: string; span: Span }>(table: Map<string, { ast: T; scope: ModuleScope }>, what: string, ast: T) => {
      if (table.has(ast.name)) fail('C002', `Can't define the ${what} \`${ast.name}\` twice`, ast.span);
      table.set(ast.name, { ast, scope });
    };
    switch (s.kind) {
      case 'use':
        return this.use(scope, s);
      case 'const':
        return this.defineConst(scope, s);
      case 'fn':
        return this.defineFn(scope, s);
      case 'intrinsic':
        return this.intrinsic(scope, s);
      case 'defineWindow':
        define(scope.windows, 'window', s);
        return checkWindow(this, scope.windows.get(s.name)!);
      case 'defineScript':
        define(scope.scripts, 'script', s);
        compileScriptDef(this, scope.scripts.get(s.name)!, ARGS_UNKNOWN, s.name);
        return;
      case 'defineOperator':
        return define(scope.operators, 'operator', s);
      case 'definePipeline':
        define(scope.pipelines, 'pipeline', s);
        return checkPipeline(this, scope.pipelines.get(s.name)!);
      case 'defineConnector':
        return define(scope.connectors, 'connector', s);
      case 'defineFlow':
        return define(scope.flows, 'flow', s);
      default:
        return I.unreachable(s);
    }
  }

  defineConst(scope: ModuleScope, c: A.Const): void {
    if (scope.consts.has(c.name)) fail('C002', `Can't define the const \`${c.name}\` twice`, c.span);
    if (c.name !== c.name.toUpperCase()) this.warn(warning('W003', 'consistency', "const's are canonically written in UPPER_CASE", c.span));
    scope.consts.set(c.name, this.constant(scope, c.value, c.span, null));
  }

  /** evaluates a constant expression (const, args defaults, with values, window settings) */
  constant(scope: ModuleScope, e: A.Expr, span: Span, args: Value | null | typeof ARGS_UNKNOWN): Value {
    const f = new Frame('const', args);
    f.statement = span;
    const x = new Lowerer(this, scope).expr(e, f);
    if (x.k !== 'lit') return notConstant(f, span);
    return x.value;
  }

  defineFn(scope: ModuleScope, d: A.FnDef): void {
    if (scope.fns.has(d.name)) fail('C002', `Can't define the function \`${d.name}\` twice`, d.span);
    const f = new Frame('fn', null);
    d.params.forEach((p) => f.param(p));
    f.arity = d.params.length;
    if (d.variadic) f.argsSlot = f.param('<args>');
    const lw = new Lowerer(this, scope);
    let body: I.Expr;
    if (d.body) {
      body = lw.body(d.body, f, true, d.span);
    } else {
      body = this.fnCases(d, f, lw);
    }
    const gen = new CodeGen(this.sites).fn(d.name, body, d.params.length, d.variadic, f.slots.length, f.recurs);
    const call = instantiate<(...a: unknown[]) => Value>(gen);
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
          value: { k: 'index', base: { k: 'local', slot: hidden, name, span }, index: I.lit(slot, span), what: 'local', span },
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

  /**
   * An `aggr::…` call: only meaningful in a windowed select, where it becomes an accumulator
   * of the select (src/lang/query/select.ts registers it). Returns null for other calls.
   */
  aggregate(e: A.Call, f: Frame, lw: Lowerer): I.Expr | null {
    if (e.names[0] !== 'aggr' || e.names.length !== 3 || lw.scope.aliases.has('aggr')) return null;
    if (f.inAggregate || e.args.some(containsAggregate)) {
      fail('C016', 'Aggregates can not be called inside of aggregates', f.statement ? cover(f.statement, e.span) : e.span);
    }
    const fn = aggregateFn(e.names[1], e.names[2]);
    if (!fn) fail('C003', `Call to undefined function ${e.names.join('::')}`, e.span);
    if (f.kind !== 'select' || !f.windowed || !f.aggregates) {
      fail('C016', `Aggregate functions like ${e.names.join('::')} can only be used in the target or having clause of a windowed select`, e.span);
    }
    if (e.args.length < fn.minArity || e.args.length > fn.maxArity) fail('C004', `Bad arity for function ${fn.fullName}/${e.args.length}`, e.span);
    f.inAggregate = true;
    try {
      const args = e.args.map((a) => lw.expr(a, f));
      const index = f.aggregates.push({ fn, args, span: e.span }) - 1;
      return { k: 'aggr', fn, index, args, span: e.span };
    } finally {
      f.inAggregate = false;
    }
  }
}

function containsAggregate(e: A.Expr): boolean {
  let found = false;
  const visit = (x: unknown): void => {
    if (found || x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(visit);
    const o = x as Record<string, unknown>;
    if (o.kind === 'call' && Array.isArray(o.names) && o.names[0] === 'aggr') {
      found = true;
      return;
    }
    for (const k in o) if (k !== 'span') visit(o[k]);
  };
  visit(e);
  return found;
}
