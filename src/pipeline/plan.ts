/**
 * A compiled pipeline, as the compiler hands it to the runtime: nodes with their compiled
 * functions and configuration, and the edges between node ports. Pure data plus functions;
 * the runtime creates the stateful node instances from it (src/pipeline/graph.ts).
 */
import type { Diagnostic } from '../base/diagnostics.js';
import type { EvalCtx } from '../runtime/context.js';
import type { Value } from '../runtime/value.js';
import type { AggrFn } from '../std/aggr/registry.js';
import type { GroupLimit, GroupOverflow } from './groups.js';

export type Compiled<R> = (c: EvalCtx) => R;

/** turns an error thrown by a node's generated code into a positioned diagnostic */
export type Locate = (e: unknown) => unknown;

export interface SelectPlan {
  kind: 'select';
  name: string;
  /**
   * `select event from … into …` and nothing else: the event is passed on as it is, its
   * payload not even read (a LazyEvent stays undecoded)
   */
  identity: boolean;
  /**
   * the top-level keys of the payload the fused function reads (null: it may need all of
   * it, or the select is windowed or grouped); an undecoded event gets just these decoded
   * (src/lang/payload-reads.ts, runtime/event.ts LazyEvent)
   */
  reads: readonly string[] | null;
  /** where + target + having in one function (no windows, no group by) */
  fused: Compiled<Value | undefined> | null;
  where: Compiled<Value> | null;
  /** the group keys of an event: one tuple (array) per group */
  groups: Compiled<Value[][]> | null;
  target: Compiled<Value>;
  having: Compiled<Value> | null;
  windows: WindowPlan[];
  /** one per aggregate call site; `site` positions its errors */
  aggregates: { fn: AggrFn; args: Compiled<Value[]>; site: number }[];
  /** the smallest `max_groups` of the windows, what a full table does, where it fails */
  groupLimit: GroupLimit;
}

export interface WindowPlan {
  name: string;
  kind: 'tumbling' | 'sliding';
  size: number | null;
  interval: bigint | null;
  /** sliding windows: emit every `slide` events (count) or nanoseconds (time) */
  slide: bigint | null;
  maxGroups: number;
  /** `on_max_groups`: Tremor's `ignore` (default) or our least-recently-used `evict` */
  overflow: GroupOverflow;
  /** a window script: event time (interval windows), weight (size windows), or state windows */
  script: Compiled<Value> | null;
  /** where a bad reply of the script is reported */
  scriptSite: number;
  tick: Compiled<Value> | null;
  state: Value | undefined;
  emitEmpty: boolean;
}

export interface ScriptPlan {
  kind: 'script';
  name: string;
  /** the main script and named-port scripts (`script from port`) */
  run: Compiled<Value | undefined>;
  ports: Record<string, Compiled<Value | undefined>>;
  state: Value;
  /** it declares or uses `state` (else its events may be processed in parallel) */
  stateful: boolean;
  /** the top-level keys of the payload its bodies read (null: maybe all), as SelectPlan.reads */
  reads: readonly string[] | null;
}

export interface OperatorPlan {
  kind: 'operator';
  name: string;
  /** `module::name`, e.g. `generic::counter` */
  type: string;
  config: Value;
}

export type NodePlan = { kind: 'input'; name: string } | { kind: 'output'; name: string } | { kind: 'passthrough'; name: string } | SelectPlan | ScriptPlan | OperatorPlan;

export interface Edge {
  node: number;
  port: string;
}

export interface PipelinePlan {
  nodes: NodePlan[];
  /** outgoing edges per `node/port`, in declaration order */
  edges: Map<string, Edge[]>;
  /** pipeline input port -> node */
  inputs: Map<string, number>;
  /** output node -> pipeline output port */
  outputs: string[];
  locate: Locate;
  warnings: Diagnostic[];
  /**
   * whether the pipeline's code may change an event's payload in place (then events drop
   * their raw bytes as they enter it: runtime/event.ts, Raw); asked once the whole program
   * is compiled
   */
  writesInPlace: () => boolean;
}

export const portKey = (node: number, port: string): string => `${node}/${port}`;
