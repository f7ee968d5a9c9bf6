/**
 * Compiling a troy deployment: source -> a DeploymentPlan of flows with validated connector
 * configurations, compiled pipelines and checked links.
 *
 * Statements run in order (a definition must come before its use). `deploy flow` instantiates
 * a flow definition with its args; a file without `deploy` statements deploys the flow `main`
 * when asked to (`defaultFlow`). Inside a flow, `create` and `connect` problems are collected
 * rather than stopping at the first, so that a typo shows every line it breaks, each with a
 * suggestion ("did you mean every_second?").
 */
import type * as A from '../lang/ast.js';
import { locate } from '../lang/compile.js';
import { CompileError, fail, warning, type Diagnostic } from '../base/diagnostics.js';
import { parseDeploy } from '../lang/parse.js';
import { Program } from '../lang/program.js';
import { resolveArgs } from '../lang/query/args.js';
import { GraphBuilder } from '../lang/query/graph.js';
import { ModuleScope, type Definition, type ModuleLoader } from '../lang/scope.js';
import { FsLoader } from '../lang/fsloader.js';
import { Source, type Span } from '../base/source.js';
import type { ConnectorType } from '../connectors/connector.js';
import { connectorTypes } from '../connectors/registry.js';
import type { PipelinePlan } from '../pipeline/plan.js';
import type { Value } from '../runtime/value.js';
import { checkConnectorDefinition, collecting, instantiateConnector } from './connector.js';
import type { ConnectorPlan, DeploymentPlan, FlowPlan, LinkPlan, PipelineInstancePlan } from './plan.js';
import { closest } from './suggest.js';
import { withDepthGuard } from '../lang/depth-guard.js';

export interface DeployCompileOptions {
  /** where `use` finds modules (default: an FsLoader over TREMOR_PATH and the bundled library) */
  loader?: ModuleLoader;
  /** deploy this flow (with `args`) when the file has no `deploy` statement */
  defaultFlow?: string;
  args?: Value;
  types?: ReadonlyMap<string, ConnectorType<any>>;
}

export interface CompiledDeployment {
  ast: A.DeployAst;
  plan: DeploymentPlan;
  warnings: Diagnostic[];
}

export function compileDeployment(text: string | Source, opts: DeployCompileOptions = {}): CompiledDeployment {
  const src = typeof text === 'string' ? new Source('<deployment>', text) : text;
  return withDepthGuard(src, () => compileDeploymentSource(src, opts));
}

function compileDeploymentSource(src: Source, opts: DeployCompileOptions): CompiledDeployment {
  const ast = parseDeploy(src);
  // deployments reach the bundled library (`use tremor::connectors;`) and TREMOR_PATH by default
  const program = new Program(opts.loader ?? new FsLoader());
  const scope = new ModuleScope([], src);
  const types = opts.types ?? connectorTypes;
  const flows: FlowPlan[] = [];
  const aliases = new Set<string>();
  for (const s of ast.body) {
    switch (s.kind) {
      case 'use':
        program.use(scope, s);
        break;
      case 'defineFlow':
        program.moduleStmt(scope, s);
        for (const b of s.body) if (b.kind === 'defineConnector') checkConnectorDefinition(b);
        break;
      case 'deployFlow': {
        if (aliases.has(s.name)) fail('D009', `A flow named \`${s.name}\` is already deployed`, s.span);
        aliases.add(s.name);
        const target = s.from ?? [s.name];
        const def = findFlow(scope, target, s.span);
        const args = resolveArgs(program, { decls: def.ast.args, defScope: def.scope, defArgs: {}, with: s.with, useScope: scope, useArgs: {}, what: 'flow', name: def.ast.name, span: s.span, deploy: true });
        flows.push(instantiateFlow(program, def, s.name, args, types));
        break;
      }
      default:
        s satisfies never;
    }
  }
  if (!ast.body.some((s) => s.kind === 'deployFlow') && opts.defaultFlow) {
    const def = scope.flows.get(opts.defaultFlow);
    if (!def) fail('D010', `There is no \`deploy flow\` statement and no flow \`${opts.defaultFlow}\` to deploy`, src.span(0, 0));
    const w: A.WithItem[] = Object.entries((opts.args ?? {}) as Record<string, Value>).map(([name, value]) => ({
      name,
      value: { kind: 'literal', value, span: def.ast.span },
      span: def.ast.span,
      nameSpan: def.ast.span,
    }));
    const args = resolveArgs(program, { decls: def.ast.args, defScope: def.scope, defArgs: {}, with: w, useScope: scope, useArgs: {}, what: 'flow', name: def.ast.name, span: def.ast.span, deploy: true });
    flows.push(instantiateFlow(program, def, opts.defaultFlow, args, types));
  }
  return { ast, plan: { flows }, warnings: program.warnings };
}

function findFlow(scope: ModuleScope, names: string[], span: Span): Definition<A.DefineFlow> {
  const def =
    names.length === 1
      ? scope.flows.get(names[0])
      : (() => {
          const mod = scope.resolveModule(names.slice(0, -1));
          return mod?.k === 'user' ? mod.scope.flows.get(names[names.length - 1]) : undefined;
        })();
  if (!def) {
    const hint = closest(names.join('::'), scope.flows.keys());
    return fail('D010', `Artefact \`${names.join('::')}\` is not defined or not found, the following are defined: ${[...scope.flows.keys()].join(', ') || 'none'}`, span, hint ? `did you mean ${hint}?` : undefined);
  }
  return def;
}

function instantiateFlow(program: Program, def: Definition<A.DefineFlow>, name: string, args: Value, types: ReadonlyMap<string, ConnectorType<any>>): FlowPlan {
  const flowScope = def.scope.nested();
  const diags: Diagnostic[] = [];
  const connectors: ConnectorPlan[] = [];
  const pipelines: PipelineInstancePlan[] = [];
  const connects: A.Connect[] = [];
  const created = new Set<string>();
  for (const s of def.ast.body) {
    switch (s.kind) {
      case 'use':
      case 'defineConnector':
      case 'definePipeline':
        if (s.kind === 'defineConnector') checkConnectorDefinition(s);
        program.moduleStmt(flowScope, s);
        break;
      case 'createConnector':
      case 'createPipeline': {
        const kind = s.kind === 'createConnector' ? 'connector' : 'pipeline';
        const twice = created.has(`${kind}/${s.name}`);
        created.add(`${kind}/${s.name}`);
        // Tremor builds every `create` (so a bad one fails the deployment wherever it is) and
        // keeps the instances in a map by alias: a second `create` of an alias replaces the
        // first, which is never linked or started. Links are resolved after all creates, so
        // they all reach the last one.
        if (twice) program.warn(warning('D009', 'behaviour', `The ${kind} \`${s.name}\` is created twice in flow \`${name}\`: the later \`create\` replaces the earlier one, as in Tremor`, s.span));
        collecting(diags, () => {
          if (kind === 'connector') replace(connectors, createConnector(program, flowScope, args, s, types));
          else replace(pipelines, createPipeline(program, flowScope, args, s));
        });
        break;
      }
      case 'connect':
        connects.push(s);
        break;
      default:
        s satisfies never;
    }
  }
  // a link to an instance whose `create` failed is not reported again
  const failed = (e: A.Endpoint) => created.has(`${e.type}/${e.name}`) && !(e.type === 'connector' ? connectors : pipelines).some((x) => x.alias === e.name);
  const links = connects
    .filter((c) => !failed(c.from) && !failed(c.to))
    .map((c) => collecting(diags, () => link(c, connectors, pipelines, flowScope, types)))
    .filter((l): l is LinkPlan => l !== null);
  if (diags.length) throw new CompileError(diags);
  return { name, connectors, pipelines, links };
}

/** adds an instance, in place of an earlier one of the same alias */
function replace<T extends { alias: string }>(list: T[], inst: T): void {
  const i = list.findIndex((x) => x.alias === inst.alias);
  if (i < 0) list.push(inst);
  else list[i] = inst;
}

function findDef<T>(scope: ModuleScope, names: string[], pick: (s: ModuleScope) => Map<string, Definition<T>>): Definition<T> | undefined {
  if (names.length === 1) return pick(scope).get(names[0]);
  const mod = scope.resolveModule(names.slice(0, -1));
  return mod?.k === 'user' ? pick(mod.scope).get(names[names.length - 1]) : undefined;
}

function createConnector(program: Program, scope: ModuleScope, args: Value, c: A.CreateInstance, types: ReadonlyMap<string, ConnectorType<any>>): ConnectorPlan {
  const target = c.from ?? [c.name];
  const def = findDef(scope, target, (s) => s.connectors);
  if (!def) {
    const defined = [...scope.connectors.values()];
    // a type name where a definition was meant: `create connector metronome;` for a
    // `define connector every_second from metronome`
    const byType = defined.find((d) => d.ast.connectorType === target[target.length - 1]);
    const hint = byType?.ast.name ?? closest(target.join('::'), scope.connectors.keys());
    return fail(
      'D002',
      `Artefact \`${target.join('::')}\` is not defined or not found, the following are defined: ${defined.map((d) => d.ast.name).join(', ') || 'none'}`,
      c.span,
      hint ? `did you mean ${hint}? (create connector ${c.from ? `${c.name} from ${hint}` : hint};)` : undefined,
    );
  }
  return instantiateConnector(program, scope, args, c, def, types);
}

function createPipeline(program: Program, scope: ModuleScope, flowArgs: Value, c: A.CreateInstance): PipelineInstancePlan {
  const target = c.from ?? [c.name];
  const def = findDef(scope, target, (s) => s.pipelines);
  if (!def) {
    const hint = closest(target.join('::'), scope.pipelines.keys());
    return fail(
      'D002',
      `Artefact \`${target.join('::')}\` is not defined or not found, the following are defined: ${[...scope.pipelines.keys()].join(', ') || 'none'}`,
      c.span,
      hint ? `did you mean ${hint}?` : undefined,
    );
  }
  const d = def.ast;
  const args = resolveArgs(program, { decls: d.args, defScope: def.scope, defArgs: {}, with: c.with, useScope: scope, useArgs: flowArgs, what: 'pipeline', name: c.name, span: c.span });
  const b = new GraphBuilder(program);
  const inputs = d.from ?? ['in'];
  const outputs = d.into ?? ['out', 'err'];
  const inMap = new Map(inputs.map((p) => [p, b.nodes.push({ kind: 'input', name: p }) - 1] as const));
  const outMap = new Map(outputs.map((p) => [p, b.nodes.push({ kind: 'output', name: p }) - 1] as const));
  b.pipeline(d.body, def.scope.nested(), args, inMap, outMap, '');
  const plan: PipelinePlan = { nodes: b.nodes, edges: b.edges, inputs: inMap, outputs, locate: (e) => locate(e, program.sites), warnings: program.warnings, writesInPlace: () => program.sites.writesInPlace };
  return { alias: c.name, plan, inputs, outputs, metricsIntervalS: metricsInterval(program, def.scope, d, args), span: c.span };
}

/** `#!config metrics_interval_s = N` in the pipeline's body: its metrics period (flow/metrics.ts) */
function metricsInterval(program: Program, scope: ModuleScope, d: A.DefinePipeline, args: Value): number | null {
  const dir = d.config.find((x) => x.name === 'metrics_interval_s');
  if (!dir) return null;
  const v = program.constant(scope, dir.value, dir.span, args);
  if ((typeof v !== 'number' && typeof v !== 'bigint') || !Number.isInteger(Number(v)) || Number(v) < 0) fail('D008', '#!config metrics_interval_s must be a non-negative integer (seconds)', dir.span);
  return Number(v);
}

function link(c: A.Connect, connectors: ConnectorPlan[], pipelines: PipelineInstancePlan[], scope: ModuleScope, types: ReadonlyMap<string, ConnectorType<any>>): LinkPlan {
  const endpoint = (e: A.Endpoint, dir: 'from' | 'to') => {
    const port = e.port ?? (dir === 'from' ? 'out' : 'in');
    if (e.type === 'connector') {
      const inst = connectors.find((x) => x.alias === e.name);
      if (!inst) {
        const defined = scope.connectors.has(e.name);
        const hint = closest(
          e.name,
          connectors.map((x) => x.alias),
        );
        const note = defined ? `it is defined but never created: add \`create connector ${e.name};\`` : hint ? `did you mean ${hint}?` : undefined;
        fail('D003', `The connector \`${e.name}\` is not defined`, e.nameSpan, note, c.span);
      }
      const type = types.get(inst.type)!;
      const ports = dir === 'from' ? type.outputs(inst.config) : type.inputs(inst.config);
      if (!ports.includes(port)) {
        fail(
          'D004',
          `Invalid port '${port}' of connector \`${e.name}\` (a ${inst.type}): ${ports.length ? `it has the ${dir === 'from' ? 'output' : 'input'} ports ${ports.join(', ')}` : `it has no ${dir === 'from' ? 'output' : 'input'} ports`}`,
          e.portSpan ?? e.span,
        );
      }
      return { kind: 'connector' as const, alias: e.name, port };
    }
    const inst = pipelines.find((x) => x.alias === e.name);
    if (!inst) {
      const hint = closest(
        e.name,
        pipelines.map((x) => x.alias),
      );
      fail('D003', `Pipeline ${e.name} not found, in: ${pipelines.map((x) => x.alias).join(', ') || 'none'}`, e.nameSpan, hint ? `did you mean ${hint}?` : undefined, c.span);
    }
    const ports = dir === 'from' ? inst.outputs : inst.inputs;
    if (!ports.includes(port)) fail('D004', `${dir === 'from' ? 'output' : 'input'} port doesn't exist: \`${e.name}/${port}\` (ports: ${ports.join(', ')})`, e.portSpan ?? e.span);
    return { kind: 'pipeline' as const, alias: e.name, port };
  };
  if (c.from.type === 'connector' && c.to.type === 'connector') {
    fail('D004', 'Connectors cannot be connected to each other: connect them through a pipeline', c.span, 'e.g. `connect /connector/a to /pipeline/p; connect /pipeline/p to /connector/b;`');
  }
  return { from: endpoint(c.from, 'from'), to: endpoint(c.to, 'to'), span: c.span };
}
