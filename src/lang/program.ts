/**
 * A program being compiled: one main file plus the modules it uses. It composes the parts
 * of a compilation and runs the statements every file kind shares (`use`, `const`, `fn`,
 * `intrinsic`, the definitions):
 *
 * - Session (src/lang/session.ts): call sites and warnings, shared by everything below;
 * - ModuleLoading (src/lang/modules.ts): `use`, the module cache, the std library tree;
 * - FunctionCompiler (src/lang/functions.ts): `const`, `fn`, `intrinsic`, constants;
 * - the definition tables (src/lang/definitions.ts): windows, scripts, pipelines, …;
 * - lowering (src/lang/lower.ts), aggregates included (src/lang/aggregate.ts).
 */
import type * as A from './ast.js';
import type * as I from './ir.js';
import type { Source, Span } from '../base/source.js';
import { stdRoot } from '../std/index.js';
import type { StdModule } from '../std/registry.js';
import type { Value } from '../runtime/value.js';
import { define } from './definitions.js';
import type { ARGS_UNKNOWN, Frame } from './frame.js';
import { FunctionCompiler } from './functions.js';
import { Lowerer, hasEffect } from './lower.js';
import { ModuleLoading } from './modules.js';
import type { ModuleLoader, ModuleScope } from './scope.js';
import { Session, type Compilation } from './session.js';

export class Program extends Session implements Compilation {
  private readonly modules: ModuleLoading;
  private readonly functions: FunctionCompiler;

  constructor(
    readonly loader: ModuleLoader,
    readonly std: StdModule = stdRoot(),
  ) {
    super();
    this.modules = new ModuleLoading(loader, std, (scope, s) => this.moduleStmt(scope, s));
    this.functions = new FunctionCompiler(this, (path) => this.modules.stdModule(path));
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
      if (s.kind !== 'expr') return this.moduleStmt(scope, s);
      exprs.push(s.expr);
      const last = !stmts.slice(i + 1).some((x) => x.kind === 'expr');
      const x = lw.expr(s.expr, f, false);
      if (last || hasEffect(x)) lowered.push(x);
    });
    return { exprs, lowered };
  }

  /** a statement of a module file, or of the top level of a query or deployment */
  moduleStmt(scope: ModuleScope, s: A.ModuleStmt): void {
    switch (s.kind) {
      case 'use':
        return this.use(scope, s);
      case 'const':
        return this.functions.defineConst(scope, s);
      case 'fn':
        return this.functions.defineFn(scope, s);
      case 'intrinsic':
        return this.functions.intrinsic(scope, s);
      default:
        return define(this, scope, s);
    }
  }

  use(scope: ModuleScope, u: A.Use): void {
    this.modules.use(scope, u);
  }

  /** parses a module file and runs its statements (definitions are checked as they are made) */
  module(src: Source, path: string[]): ModuleScope {
    return this.modules.module(src, path);
  }

  constant(scope: ModuleScope, e: A.Expr, span: Span, args: Value | null | typeof ARGS_UNKNOWN): Value {
    return this.functions.constant(scope, e, span, args);
  }
}
