/**
 * Compiling a tremor-script: source -> AST -> IR -> one generated JavaScript function.
 */
import { CodeGen, type Generated } from './codegen.js';
import { instantiate, locate } from './compile.js';
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

export interface ScriptOptions {
  /** where `use` finds module files; none by default */
  loader?: ModuleLoader;
  /** the values of `args` */
  args?: Value;
}

export class CompiledScript {
  constructor(
    private readonly fn: (c: EvalCtx) => Value | undefined,
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
  const ast = parseScript(src);
  const program = new Program(opts.loader ?? noModules);
  const scope = new ModuleScope([], src);
  const f = new Frame('script', opts.args ?? {});
  const { lowered } = program.scriptBody(ast.body, scope, f);
  const ir: I.Expr = lowered.length ? { k: 'seq', exprs: lowered, span: ast.span } : { k: 'lit', value: null, span: ast.span };
  const gen = new CodeGen(program.sites).script(ir, f.slots.length);
  const fn = instantiate<(c: EvalCtx) => Value | undefined>(gen);
  return new CompiledScript(fn, program, ast, ir, gen);
}
