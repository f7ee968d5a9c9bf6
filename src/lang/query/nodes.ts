/**
 * Instantiating `define script` and `define operator` definitions for `create script` and
 * `create operator` (reference §6.2).
 */
import { keysOf, payloadReads, type Reads } from '../payload-reads.js';
import { usesState } from '../uses-state.js';
import type * as A from '../ast.js';
import { locate } from '../compile.js';
import { fail } from '../../base/diagnostics.js';
import { ARGS_UNKNOWN, Frame } from '../frame.js';
import type { Compilation } from '../session.js';
import type { Definition, ModuleScope } from '../scope.js';
import type { Span } from '../../base/source.js';
import type { Compiled, OperatorPlan, ScriptPlan } from '../../pipeline/plan.js';
import type { Value } from '../../runtime/value.js';
import { resolveArgs } from './args.js';
import { operatorTypes } from '../../pipeline/operators/index.js';
import { compileScriptBody } from '../unit.js';

function findDef<T>(scope: ModuleScope, names: string[], pick: (s: ModuleScope) => Map<string, Definition<T>>): Definition<T> | undefined {
  if (names.length === 1) return pick(scope).get(names[0]);
  const mod = scope.resolveModule(names.slice(0, -1));
  return mod?.k === 'user' ? pick(mod.scope).get(names[names.length - 1]) : undefined;
}

export function createScript(program: Compilation, scope: ModuleScope, c: A.CreateNode, args: Value): ScriptPlan {
  const target = c.from ?? [c.name];
  const def = findDef(scope, target, (s) => s.scripts);
  if (!def) return fail('C020', `Unknown script \`${target.join('::')}\``, c.span);
  const scriptArgs = resolveArgs(program, {
    decls: def.ast.args,
    defScope: def.scope,
    defArgs: args,
    with: c.with,
    useScope: scope,
    useArgs: args,
    what: 'script',
    name: def.ast.name,
    span: c.span,
  });
  return compileScriptDef(program, def, scriptArgs, c.name);
}

/**
 * Compiles a `define script` with the given args. With ARGS_UNKNOWN it checks a definition
 * as soon as it is written, as Tremor does, before any `create` gives its args values.
 */
export function compileScriptDef(program: Compilation, def: Definition<A.DefineScript>, args: Value | typeof ARGS_UNKNOWN, name: string): ScriptPlan {
  const d = def.ast;
  // each body (the main script and every `script from port`) has a scope of its own
  // what each body reads of the payload (payload-reads.ts): the node decodes the union
  const reads: Reads[] = [];
  let stateful = d.state !== null && d.state !== undefined;
  const compile = (body: A.ScriptStmt[], span: Span): Compiled<Value | undefined> => {
    const unit = compileScriptBody(program, body, def.scope.nested(), new Frame('script', args), span);
    reads.push(payloadReads([], unit.ir));
    stateful ||= usesState(unit.ir);
    return unit.fn;
  };
  const ports: Record<string, Compiled<Value | undefined>> = Object.create(null);
  for (const p of d.ports) {
    if (p.port === 'in') fail('C023', 'port `in` is reserved for the `script` section', p.portSpan, undefined, d.span);
    if (p.port in ports) fail('C023', 'script port already defined', p.portSpan, undefined, d.span);
    ports[p.port] = compile(p.body, p.span);
  }
  const state = d.state && args !== ARGS_UNKNOWN ? program.constant(def.scope.nested(), d.state, d.state.span, args) : null;
  const run = compile(d.body, d.bodySpan);
  return { kind: 'script', name, run, ports, state, stateful, reads: reads.includes(null) ? null : keysOf(new Set(reads.flatMap((r) => [...(r ?? [])]))) };
}

export function createOperator(program: Compilation, scope: ModuleScope, c: A.CreateNode, args: Value): OperatorPlan {
  const target = c.from ?? [c.name];
  const def = findDef(scope, target, (s) => s.operators);
  if (!def) return fail('C020', `Unknown operator \`${target.join('::')}\``, c.span);
  const d = def.ast;
  const type = d.target.join('::');
  // Tremor's UnknownOp text (tremor-pipeline errors.rs), raised when the graph is built
  if (!operatorTypes.has(type)) fail('C018', `Unknown operator: ${type}`, d.span);
  const opArgs = resolveArgs(program, {
    decls: d.args,
    defScope: def.scope,
    defArgs: args,
    with: c.with,
    useScope: scope,
    useArgs: args,
    what: 'operator',
    name: d.name,
    span: c.span,
  });
  const config: Record<string, Value> = {};
  for (const w of d.with ?? []) config[w.name] = program.constant(def.scope, w.value, w.span, opArgs);
  return { kind: 'operator', name: c.name, type, config };
}

export { locate };
