/**
 * What one compilation shares across all its files, and the interface its parts program
 * against.
 *
 * `Session` holds the call-site table of all generated code and the warnings. `Compilation`
 * is what the query compiler (src/lang/query/) and the definition checks need from the
 * program being compiled (src/lang/program.ts): running statements and evaluating
 * constants. They depend on this interface, not on Program, so that Program can compose
 * them without an import cycle.
 */
import type * as A from './ast.js';
import type * as I from './ir.js';
import type { Diagnostic } from '../base/diagnostics.js';
import type { Span } from '../base/source.js';
import type { Value } from '../runtime/value.js';
import type { ARGS_UNKNOWN, Frame } from './frame.js';
import type { ModuleScope } from './scope.js';
import { SiteTable } from './sites.js';

export class Session {
  readonly sites = new SiteTable();
  readonly warnings: Diagnostic[] = [];

  warn(d: Diagnostic): void {
    // definitions are checked where they are written and again where they are created
    const dup = this.warnings.some((w) => w.code === d.code && w.message === d.message && w.span?.start === d.span?.start && w.span?.src === d.span?.src);
    if (!dup) this.warnings.push(d);
  }
}

export interface Compilation extends Session {
  /** `use a::b [as c]`: binds the alias in `scope` */
  use(scope: ModuleScope, u: A.Use): void;
  /** a statement of a module file, or of the top level of a query or deployment */
  moduleStmt(scope: ModuleScope, s: A.ModuleStmt): void;
  /** runs the definitions of a script body in order and lowers its expressions */
  scriptBody(stmts: A.ScriptStmt[], scope: ModuleScope, f: Frame): { exprs: A.Expr[]; lowered: I.Expr[] };
  /** evaluates a constant expression (const, args defaults, with values, window settings) */
  constant(scope: ModuleScope, e: A.Expr, span: Span, args: Value | null | typeof ARGS_UNKNOWN): Value;
}
