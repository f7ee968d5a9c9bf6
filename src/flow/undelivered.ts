/**
 * Error events nobody receives. A script whose runtime error turns the event into
 * `{"error", "event"}` on its `err` port, with nothing connected to that port, would drop it
 * without a trace (the graph has no edge to follow); so would a pipeline whose `err` output
 * port is connected to nothing in a flow. DECISIONS.md: such events are reported on stderr,
 * and the process says at exit how many there were (one summary line) and exits 2.
 *
 * `routeUndelivered` gives every script's unconnected `err` port an edge to an extra output
 * port of its own, `UNDELIVERED + script name`, so the events leave the graph where the
 * runner (the flow, the `query` command) sees them; `UndeliveredErrors` counts them by place.
 */
import type { Edge, NodePlan, PipelinePlan } from '../pipeline/plan.js';

/** the prefix of the output port that collects a script's undelivered errors */
export const UNDELIVERED = '\u0000err:';

/** the script whose undelivered error left on `port`, or null for any other port */
export function undeliveredFrom(port: string): string | null {
  return port.startsWith(UNDELIVERED) ? port.slice(UNDELIVERED.length) : null;
}

/** the plan with every script's unconnected `err` port routed to an output port of its own */
export function routeUndelivered(plan: PipelinePlan): PipelinePlan {
  const nodes: NodePlan[] = [...plan.nodes];
  const edges = new Map<string, Edge[]>(plan.edges);
  plan.nodes.forEach((n, i) => {
    if (n.kind !== 'script' || edges.has(`${i}/err`)) return;
    edges.set(`${i}/err`, [{ node: nodes.length, port: 'in' }]);
    nodes.push({ kind: 'output', name: UNDELIVERED + n.name });
  });
  return nodes.length === plan.nodes.length ? plan : { ...plan, nodes, edges };
}

/** counts of undelivered error events, by where they were lost (`flow::pipeline/script`) */
export class UndeliveredErrors {
  private readonly counts = new Map<string, number>();
  private n = 0;

  add(where: string): void {
    this.counts.set(where, (this.counts.get(where) ?? 0) + 1);
    this.n++;
  }

  get total(): number {
    return this.n;
  }

  /** the summary line, or null when nothing was lost */
  summary(): string | null {
    if (this.n === 0) return null;
    const places = [...this.counts].map(([w, k]) => `${w}: ${k}`).join(', ');
    return `${this.n} error event${this.n === 1 ? '' : 's'} reached an err port that nothing is connected to (${places})`;
  }
}
