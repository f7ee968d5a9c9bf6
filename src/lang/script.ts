/**
 * Compiling a tremor-script: source -> AST -> IR -> one generated JavaScript function.
 */
import { locate } from './compile.js';
import type { Diagnostic } from '../base/diagnostics.js';
import { Frame } from './frame.js';
import type * as I from './ir.js';
import { parseScript } from './parse.js';
import { Program } from './program.js';
import { ModuleScope, noModules, type ModuleLoader } from './scope.js';
import { Source } from '../base/source.js';
import type { EvalCtx } from '../runtime/context.js';
import type { Value } from '../runtime/value.js';
import type { ScriptAst } from './ast.js';
import type { Generated } from './sites.js';
import { compileScriptBody, type ScriptFn } from './unit.js';
import { withDepthGuard } from './depth-guard.js';

export interface ScriptOptions {
  /** where `use` finds module files; none by default */
  loader?: ModuleLoader;
  /** the values of `args` */
  args?: Value;
}

export class CompiledScript {
  constructor(
    private readonly fn: ScriptFn,
    private readonly program: Program,
    readonly ast: ScriptAst,
    readonly ir: I.Expr,
    readonly generated: Generated,
  ) {}

  get warnings(): readonly Diagnostic[] {
    return this.program.warnings;
  }

  /**
   * Runs the script once on `ctx` (event, meta, state are read and written back). Returns the
   * result, or undefined when the script dropped the event; `ctx.port` tells where it goes.
   * Throws a TremorError positioned in the source on a runtime error.
   */
  run(ctx: EvalCtx): Value | undefined {
    try {
      return this.fn(ctx);
    } catch (e) {
      throw locate(e, this.program.sites);
    }
  }
}

export function compileScript(text: string | Source, opts: ScriptOptions = {}): CompiledScript {
  const src = typeof text === 'string' ? new Source('<script>', text) : text;
  return withDepthGuard(src, () => compileScriptSource(src, opts));
}

function compileScriptSource(src: Source, opts: ScriptOptions): CompiledScript {
  const ast = parseScript(src);
  const program = new Program(opts.loader ?? noModules);
  const scope = new ModuleScope([], src);
  const f = new Frame('script', opts.args ?? {});
  const { fn, ir, generated } = compileScriptBody(program, ast.body, scope, f, ast.span);
  return new CompiledScript(fn, program, ast, ir, generated);
}
