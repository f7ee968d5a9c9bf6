/**
 * The compile pipeline of every function tremor-stream generates — script bodies, user
 * functions, select clauses, script nodes, window scripts, whether they come from a script,
 * a query or a deployment:
 *
 *   parse (src/lang/parse.ts, once per file)
 *     → lower to IR, folding constants as it goes (src/lang/lower.ts, src/lang/optimize.ts)
 *     → generate JavaScript (src/lang/codegen-units.ts)
 *     → verify it against the allow-list (src/lang/verify.ts)
 *     → instantiate it with `new Function`.
 *
 * `compileUnit` is the one place where the last three happen: nothing reaches `new Function`
 * without being verified. `compileScriptBody` is the whole pipeline for a script body that
 * has been parsed.
 */
import type * as A from './ast.js';
import type * as I from './ir.js';
import type { Span } from '../base/source.js';
import { helpers } from '../runtime/helpers.js';
import type { EvalCtx } from '../runtime/context.js';
import type { Value } from '../runtime/value.js';
import { generate, type UnitShape } from './codegen-units.js';
import { GENERATED_SOURCE } from './compile.js';
import type { Frame } from './frame.js';
import type { ModuleScope } from './scope.js';
import type { Compilation } from './session.js';
import type { Generated, SiteTable } from './sites.js';
import { verify } from './verify.js';

export type { UnitShape };

export interface Unit<F> {
  fn: F;
  generated: Generated;
}

/**
 * Generated source -> running function. The factory receives the helper table and the unit's
 * constants and returns the specialised function.
 */
export function compileUnit<F extends (...args: any[]) => unknown>(sites: SiteTable, shape: UnitShape): Unit<F> {
  const generated = generate(sites, shape);
  verify(generated.source);
  if (generated.writesInPlace) sites.writesInPlace = true;
  const factory = new Function('H', 'K', generated.source) as (h: typeof helpers, k: unknown[]) => F;
  const fn = factory(helpers, generated.consts);
  Object.defineProperty(fn, GENERATED_SOURCE, { value: generated.source });
  return { fn, generated };
}

export type ScriptFn = (c: EvalCtx) => Value | undefined;

/**
 * A script body (a script, a `define script` body or port, a window script): its
 * definitions run and its expressions are lowered in a scope of its own, then it is compiled
 * as one unit.
 */
export function compileScriptBody(c: Compilation, body: A.ScriptStmt[], scope: ModuleScope, f: Frame, span: Span): Unit<ScriptFn> & { ir: I.Expr } {
  const { lowered } = c.scriptBody(body, scope, f);
  const ir: I.Expr = lowered.length ? { k: 'seq', exprs: lowered, span } : { k: 'lit', value: null, span };
  return { ir, ...compileUnit<ScriptFn>(c.sites, { k: 'script', body: ir, slots: f.slots.length }) };
}
