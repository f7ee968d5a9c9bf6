/**
 * Compiling a trickle query: source -> AST -> a PipelinePlan of nodes with generated
 * functions. The query file is itself a pipeline body with input port `in` and output ports
 * `out` and `err`, unless `#!config from = "…"` / `into = "…"` say otherwise.
 */
import type { QueryAst } from '../ast.js';
import { locate } from '../compile.js';
import { fail } from '../../base/diagnostics.js';
import { parseQuery } from '../parse.js';
import { Program } from '../program.js';
import { ModuleScope, noModules, type ModuleLoader } from '../scope.js';
import { Source } from '../../base/source.js';
import type { PipelinePlan } from '../../pipeline/plan.js';
import type { Value } from '../../runtime/value.js';
import { GraphBuilder } from './graph.js';
import { withDepthGuard } from '../depth-guard.js';

export interface QueryOptions {
  loader?: ModuleLoader;
  /** the pipeline's `args` */
  args?: Value;
}

export interface CompiledQuery {
  ast: QueryAst;
  plan: PipelinePlan;
}

export function compileQuery(text: string | Source, opts: QueryOptions = {}): CompiledQuery {
  const src = typeof text === 'string' ? new Source('<query>', text) : text;
  return withDepthGuard(src, () => compileQuerySource(src, opts));
}

function compileQuerySource(src: Source, opts: QueryOptions): CompiledQuery {
  const ast = parseQuery(src);
  const program = new Program(opts.loader ?? noModules);
  const scope = new ModuleScope([], src);
  const ports = (name: string, dflt: string[]): string[] => {
    const d = ast.config.find((c) => c.name === name);
    if (!d) return dflt;
    const v = program.constant(scope, d.value, d.span, opts.args ?? {});
    if (typeof v !== 'string') fail('C019', `#!config ${name} must be a string of comma separated port names`, d.span);
    return v
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x !== '');
  };
  const b = new GraphBuilder(program);
  const inputs = new Map(ports('from', ['in']).map((p) => [p, b.nodes.push({ kind: 'input', name: p }) - 1] as const));
  const outputs = new Map(ports('into', ['out', 'err']).map((p) => [p, b.nodes.push({ kind: 'output', name: p }) - 1] as const));
  b.pipeline(ast.body, scope, opts.args ?? {}, inputs, outputs, '');
  const plan: PipelinePlan = {
    nodes: b.nodes,
    edges: b.edges,
    inputs,
    outputs: [...outputs.keys()],
    locate: (e) => locate(e, program.sites),
    warnings: program.warnings,
    writesInPlace: () => program.sites.writesInPlace,
  };
  return { ast, plan };
}
