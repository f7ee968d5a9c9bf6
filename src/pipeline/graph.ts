/**
 * Runs events through a pipeline's node graph in Tremor's order.
 *
 * Tremor walks the graph depth-first with an explicit stack: an event pushed to a port is
 * put on the stack once per connected node, in declaration order, so the node declared last
 * runs first; every output reaching a pipeline output port is collected, and the collected
 * outputs of one incoming event are finally reversed. The effect is that outputs appear in
 * declaration order for simple graphs, and that a runtime error in a select drops the
 * branches of that event that were not visited yet (reference §6.6, §6.7). The stack is kept
 * in three parallel arrays so that a hop allocates nothing.
 *
 * When an event fans out to several nodes, every branch but the last gets its own copy:
 * scripts change events in place.
 */
import { cloneEvent, type Event } from '../runtime/event.js';
import { Out, type NodeRuntime } from './node.js';
import { createNode } from './nodes.js';
import type { Edge, PipelinePlan } from './plan.js';

export interface Emitted {
  port: string;
  event: Event;
}

export class Graph {
  private readonly nodes: (NodeRuntime | null)[];
  /** outgoing edges per node, by output port */
  private readonly edges: Map<string, Edge[]>[];
  private readonly outputPort: (string | null)[];
  private readonly stackNode: number[] = [];
  private readonly stackPort: string[] = [];
  private readonly stackEvent: Event[] = [];
  private readonly out = new Out();
  /** events drop their raw bytes as they enter (PipelinePlan.writesInPlace) */
  private readonly dropsRaw: boolean;
  /** events leaving each node, by port (only once `countNodes` is called: the control API) */
  private nodeOut: Map<string, number>[] | null = null;

  constructor(readonly plan: PipelinePlan) {
    this.dropsRaw = plan.writesInPlace();
    this.nodes = plan.nodes.map((n) => (n.kind === 'output' ? null : createNode(n, plan.locate)));
    this.outputPort = plan.nodes.map((n) => (n.kind === 'output' ? n.name : null));
    this.edges = plan.nodes.map(() => new Map());
    for (const [k, targets] of plan.edges) {
      const slash = k.indexOf('/');
      this.edges[Number(k.slice(0, slash))].set(k.slice(slash + 1), targets);
    }
  }

  /**
   * Whether ticks can change anything: a select with a time window (not a script window) or
   * an operator that reacts to time (e.g. `generic::batch` with a timeout).
   */
  get ticking(): boolean {
    return this.plan.nodes.some((n, i) => (n.kind === 'select' ? n.windows.some((w) => w.interval !== null && !w.script) : n.kind === 'operator' && this.nodes[i]?.tick !== undefined));
  }

  /** from now on, counts the events leaving each node by port */
  countNodes(): void {
    this.nodeOut ??= this.plan.nodes.map(() => new Map());
  }

  /** the counts of countNodes, by node as `explain` names it: `3 select select`, `1 input in` */
  nodeCounts(): Map<string, ReadonlyMap<string, number>> {
    const out = new Map<string, ReadonlyMap<string, number>>();
    this.nodeOut?.forEach((m, i) => {
      const n = this.plan.nodes[i];
      out.set(`${i} ${n.kind} ${n.name}`, m);
    });
    return out;
  }

  get inputPorts(): string[] {
    return [...this.plan.inputs.keys()];
  }

  /**
   * Runs one event arriving on input `port`. Outputs are appended to `results`; a runtime
   * error stops the event and is returned (located in the source), else null.
   */
  enqueue(port: string, ev: Event, results: Emitted[]): unknown {
    const input = this.plan.inputs.get(port);
    if (input === undefined) return new Error(`unknown input port \`${port}\``);
    if (this.dropsRaw) ev.raw = null;
    this.push(input, 'in', ev);
    return this.run(results);
  }

  /** sends a tick to every node that reacts to time */
  tick(ns: bigint, results: Emitted[]): unknown {
    const out = this.out;
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i];
      if (!n?.tick) continue;
      out.clear();
      try {
        n.tick(ns, out);
      } catch (e) {
        return this.plan.locate(e);
      }
      this.fanOut(i, out);
      const err = this.run(results);
      if (err) return err;
    }
    return null;
  }

  /** end of input: every node with open windows emits them */
  flush(results: Emitted[]): unknown {
    const out = this.out;
    for (let i = 0; i < this.nodes.length; i++) {
      const n = this.nodes[i];
      if (!n?.flush) continue;
      out.clear();
      try {
        n.flush(out);
      } catch (e) {
        return this.plan.locate(e);
      }
      this.fanOut(i, out);
      const err = this.run(results);
      if (err) return err;
    }
    return null;
  }

  private push(node: number, port: string, ev: Event): void {
    this.stackNode.push(node);
    this.stackPort.push(port);
    this.stackEvent.push(ev);
  }

  private fanOut(from: number, out: Out): void {
    const counts = this.nodeOut?.[from];
    for (let j = 0; j < out.length; j++) {
      if (counts) counts.set(out.ports[j], (counts.get(out.ports[j]) ?? 0) + 1);
      const targets = this.edges[from].get(out.ports[j]);
      if (!targets) continue;
      const ev = out.events[j];
      const last = targets.length - 1;
      for (let t = 0; t < last; t++) this.push(targets[t].node, targets[t].port, cloneEvent(ev));
      this.push(targets[last].node, targets[last].port, ev);
    }
  }

  private run(results: Emitted[]): unknown {
    const start = results.length;
    const out = this.out;
    let error: unknown = null;
    while (this.stackNode.length > 0) {
      const node = this.stackNode.pop()!;
      const port = this.stackPort.pop()!;
      const ev = this.stackEvent.pop()!;
      const outPort = this.outputPort[node];
      if (outPort !== null) {
        results.push({ port: outPort, event: ev });
        continue;
      }
      out.clear();
      try {
        this.nodes[node]!.event(port, ev, out);
      } catch (e) {
        error = this.plan.locate(e);
        this.stackNode.length = 0;
        this.stackPort.length = 0;
        this.stackEvent.length = 0;
        break;
      }
      this.fanOut(node, out);
    }
    reverseFrom(results, start);
    return error;
  }
}

function reverseFrom<T>(a: T[], start: number): void {
  for (let i = start, j = a.length - 1; i < j; i++, j--) {
    const x = a[i];
    a[i] = a[j];
    a[j] = x;
  }
}
