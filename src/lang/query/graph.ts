/**
 * Builds the node graph of a query (a pipeline body) and of the pipelines it creates.
 *
 * Streams, operators, scripts and sub-pipelines share one namespace per pipeline, next to
 * the pipeline's own ports (`in`; `out`, `err`). A created sub-pipeline is inlined: its
 * input and output ports become pass-through nodes that the outer pipeline addresses as
 * `name/port`. Edges are resolved once every statement has been seen, in declaration order,
 * which is also the order Tremor's runtime uses (src/pipeline/graph.ts).
 */
import type * as A from '../ast.js';
import { errorWithContext, fail, failWith } from '../../base/diagnostics.js';
import type { Compilation } from '../session.js';
import type { ModuleScope } from '../scope.js';
import type { Span } from '../../base/source.js';
import { portKey, type Edge, type NodePlan } from '../../pipeline/plan.js';
import type { Value } from '../../runtime/value.js';
import { resolveArgs } from './args.js';
import { createOperator, createScript } from './nodes.js';
import { compileSelect } from './select.js';

type Named = { k: 'node'; id: number; stream: boolean } | { k: 'pipeline'; inputs: Map<string, number>; outputs: Map<string, number> };

interface Level {
  scope: ModuleScope;
  args: Value;
  names: Map<string, Named>;
  inputs: Map<string, number>;
  outputs: Map<string, number>;
  links: { from: A.StreamRef; to: A.StreamRef; select: number; stmt: Span }[];
}

export class GraphBuilder {
  readonly nodes: NodePlan[] = [];
  readonly edges = new Map<string, Edge[]>();
  /** the statement of each select node, to point at when it closes a cycle */
  private readonly selectSpans = new Map<number, Span>();

  constructor(private readonly program: Compilation) {}

  private add(n: NodePlan): number {
    return this.nodes.push(n) - 1;
  }

  private link(from: number, fromPort: string, to: number, toPort: string): void {
    const k = portKey(from, fromPort);
    const list = this.edges.get(k);
    if (list) list.push({ node: to, port: toPort });
    else this.edges.set(k, [{ node: to, port: toPort }]);
  }

  /**
   * Compiles a pipeline body. `inputs` / `outputs` are the node ids of its ports (created
   * by the caller: input/output nodes at the top level, pass-through nodes when inlined).
   */
  pipeline(body: A.QueryStmt[], scope: ModuleScope, args: Value, inputs: Map<string, number>, outputs: Map<string, number>, prefix: string): void {
    const level: Level = { scope, args, names: new Map(), inputs, outputs, links: [] };
    for (const s of body) this.statement(s, level, prefix);
    for (const l of level.links) {
      const [from, fromPort] = this.source(l.from, level, l.stmt);
      const [to, toPort] = this.target(l.to, level, l.stmt);
      this.link(from, fromPort, l.select, 'in');
      this.link(l.select, 'out', to, toPort);
    }
    this.checkAcyclic(scope);
  }

  private claim(level: Level, name: string, span: Span, n: Named, stream: boolean): void {
    if (level.names.has(name)) {
      const prev = level.names.get(name)!;
      if (stream && prev.k === 'node' && prev.stream) fail('C014', `Can't define the stream \`${name}\` twice`, span);
      duplicateName(name, span);
    }
    if (level.inputs.has(name) || level.outputs.has(name)) {
      if (stream) fail('C021', 'Streams cannot share names with from/into ports', span);
      duplicateName(name, span);
    }
    level.names.set(name, n);
  }

  private statement(s: A.QueryStmt, level: Level, prefix: string): void {
    const p = this.program;
    switch (s.kind) {
      case 'use':
        return p.use(level.scope, s);
      case 'defineWindow':
      case 'defineScript':
      case 'defineOperator':
      case 'definePipeline':
        return p.moduleStmt(level.scope, s);
      case 'createStream': {
        const id = this.add({ kind: 'passthrough', name: prefix + s.name });
        return this.claim(level, s.name, s.span, { k: 'node', id, stream: true }, true);
      }
      case 'createScript': {
        const plan = createScript(p, level.scope, s, level.args);
        plan.name = prefix + s.name;
        this.claim(level, s.name, s.span, { k: 'node', id: this.add(plan), stream: false }, false);
        return;
      }
      case 'createOperator': {
        const plan = createOperator(p, level.scope, s, level.args);
        plan.name = prefix + s.name;
        this.claim(level, s.name, s.span, { k: 'node', id: this.add(plan), stream: false }, false);
        return;
      }
      case 'createPipeline':
        return this.subPipeline(s, level, prefix);
      case 'select': {
        const plan = compileSelect(p, level.scope, s, level.args, `${prefix}select`);
        const id = this.add(plan);
        this.selectSpans.set(id, s.span);
        level.links.push({ from: s.from, to: s.into, select: id, stmt: s.span });
        return;
      }
      default:
        s satisfies never;
    }
  }

  private subPipeline(s: A.CreateNode, level: Level, prefix: string): void {
    const target = s.from ?? [s.name];
    let def: { ast: A.DefinePipeline; scope: ModuleScope } | undefined;
    if (target.length === 1) def = level.scope.pipelines.get(target[0]);
    else {
      const mod = level.scope.resolveModule(target.slice(0, -1));
      if (mod?.k === 'user') def = mod.scope.pipelines.get(target[target.length - 1]);
    }
    if (!def) return fail('C020', `Unknown pipeline \`${target.join('::')}\``, s.span);
    const d = def.ast;
    const args = resolveArgs(this.program, {
      decls: d.args,
      defScope: def.scope,
      defArgs: level.args,
      with: s.with,
      useScope: level.scope,
      useArgs: level.args,
      what: 'pipeline',
      name: d.name,
      span: s.span,
    });
    const inner = `${prefix}${s.name}/`;
    const inputs = new Map((d.from ?? ['in']).map((port) => [port, this.add({ kind: 'passthrough', name: `${inner}${port}` })] as const));
    const outputs = new Map((d.into ?? ['out', 'err']).map((port) => [port, this.add({ kind: 'passthrough', name: `${inner}${port}` })] as const));
    this.claim(level, s.name, s.span, { k: 'pipeline', inputs, outputs }, false);
    // a nested pipeline body starts a fresh scope: the definitions and uses of its own body
    this.pipeline(d.body, def.scope.nested(), args, inputs, outputs, inner);
  }

  /** `from x[/port]`: a node's output port, or one of this pipeline's input ports */
  private source(ref: A.StreamRef, level: Level, stmt: Span): [number, string] {
    const input = level.inputs.get(ref.node);
    if (input !== undefined && ref.port === null) return [input, 'out'];
    const n = level.names.get(ref.node);
    if (n?.k === 'node') return [n.id, ref.port ?? 'out'];
    if (n?.k === 'pipeline') {
      const out = n.outputs.get(ref.port ?? 'out');
      if (out !== undefined) return [out, 'out'];
    }
    return notDefined(ref, ref.port ?? 'out', stmt);
  }

  /** `into x[/port]`: a node's input port, or one of this pipeline's output ports */
  private target(ref: A.StreamRef, level: Level, stmt: Span): [number, string] {
    const output = level.outputs.get(ref.node);
    if (output !== undefined && ref.port === null) return [output, 'in'];
    const n = level.names.get(ref.node);
    if (n?.k === 'node') return [n.id, ref.port ?? 'in'];
    if (n?.k === 'pipeline') {
      const inp = n.inputs.get(ref.port ?? 'in');
      if (inp !== undefined) return [inp, 'in'];
    }
    return notDefined(ref, ref.port ?? 'in', stmt);
  }

  private checkAcyclic(scope: ModuleScope): void {
    const state = new Uint8Array(this.nodes.length);
    // the error points at the select that closes the cycle (or one on it)
    const visit = (n: number, from: number): void => {
      if (state[n] === 2) return;
      if (state[n] === 1) fail('C022', `The pipeline graph has a cycle through \`${this.nodes[n].name}\``, this.selectSpans.get(from) ?? this.selectSpans.get(n) ?? scope.source.span(0, 0));
      state[n] = 1;
      for (const [k, targets] of this.edges) if (k.startsWith(`${n}/`)) for (const t of targets) visit(t.node, n);
      state[n] = 2;
    };
    for (let i = 0; i < this.nodes.length; i++) visit(i, i);
  }
}

/**
 * Checks a pipeline definition where it is written (Tremor does), by building its graph with
 * its default args; a definition with required args is checked when it is created.
 */
export function checkPipeline(program: Compilation, def: { ast: A.DefinePipeline; scope: ModuleScope }): void {
  const d = def.ast;
  if (d.args.some((a) => a.default === null)) return;
  const args = resolveArgs(program, { decls: d.args, defScope: def.scope, defArgs: {}, with: null, useScope: def.scope, useArgs: {}, what: 'pipeline', name: d.name, span: d.span });
  const b = new GraphBuilder(program);
  const ports = (names: string[]) => new Map(names.map((p) => [p, b.nodes.push({ kind: 'passthrough', name: p }) - 1] as const));
  b.pipeline(d.body, def.scope.nested(), args, ports(d.from ?? ['in']), ports(d.into ?? ['out', 'err']), `${d.name}/`);
}

/** Tremor's `QueryStreamNotDefined`: the node's name underlined, the statement shown */
function notDefined(ref: A.StreamRef, port: string, stmt: Span): never {
  return fail('C013', `Stream used in \`from\` or \`into\` is not defined: ${ref.node}/${port}`, ref.nodeSpan, undefined, stmt);
}

/** Tremor's `QueryNodeDuplicateName`: the statement underlined, two lines shown either side */
function duplicateName(name: string, stmt: Span): never {
  return failWith(errorWithContext('C014', `Name \`${name}\` is already in use for another node, please use another name.`, stmt));
}
