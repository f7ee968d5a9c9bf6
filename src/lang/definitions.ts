/**
 * The definition tables of a scope: `define window | script | operator | pipeline |
 * connector | flow`. A name is defined once per scope; windows, scripts and pipelines are
 * checked where they are written, as Tremor does, even if nothing creates them.
 */
import type * as A from './ast.js';
import * as I from './ir.js';
import { fail } from '../base/diagnostics.js';
import type { Span } from '../base/source.js';
import { ARGS_UNKNOWN } from './frame.js';
import type { ModuleScope } from './scope.js';
import type { Compilation } from './session.js';
import { compileScriptDef } from './query/nodes.js';
import { checkWindow } from './query/window.js';
import { checkPipeline } from './query/graph.js';

export type DefinitionStmt = Extract<A.ModuleStmt, { kind: `define${string}` }>;

export function define(c: Compilation, scope: ModuleScope, s: DefinitionStmt): void {
  const add = <T extends { name: string; span: Span }>(table: Map<string, { ast: T; scope: ModuleScope }>, what: string, ast: T) => {
    if (table.has(ast.name)) fail('C002', `Can't define the ${what} \`${ast.name}\` twice`, ast.span);
    const def = { ast, scope };
    table.set(ast.name, def);
    return def;
  };
  switch (s.kind) {
    case 'defineWindow':
      return checkWindow(c, add(scope.windows, 'window', s));
    case 'defineScript':
      compileScriptDef(c, add(scope.scripts, 'script', s), ARGS_UNKNOWN, s.name);
      return;
    case 'defineOperator':
      add(scope.operators, 'operator', s);
      return;
    case 'definePipeline':
      return checkPipeline(c, add(scope.pipelines, 'pipeline', s));
    case 'defineConnector':
      add(scope.connectors, 'connector', s);
      return;
    case 'defineFlow':
      add(scope.flows, 'flow', s);
      return;
    default:
      return I.unreachable(s);
  }
}
