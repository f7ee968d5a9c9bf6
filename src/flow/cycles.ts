/**
 * Ending a flow whose links form a cycle.
 *
 * A node ends when every link into it has ended, so a cycle — a kv whose replies go through a
 * pipeline back into the same kv, a client that feeds its own requests — never ends by
 * itself: each member waits for another. Tremor's drain has the same shape. Here, once every
 * node that originates events has finished (so nothing new can enter), the flow is watched
 * until it is quiet — no stream holds a buffered event and no connector has work in flight
 * (`ConnectorInstance.idle`) on two polls in a row — and then the sinks of the connectors in a
 * cycle are ended. Their sources follow (a reply source ends with its sink), and the ordinary
 * cascade ends the rest. Something a pipeline still emits at its end (an open window) into a
 * member that has ended is reported, not silently dropped.
 */
import type { Readable, Writable } from 'node:stream';
import type { Clock, TimerHandle } from '../base/clock.js';

/** the node keys that lie on a cycle of the link graph (Tarjan's strongly connected components) */
export function cyclicNodes(links: readonly { from: string; to: string }[]): Set<string> {
  const next = new Map<string, string[]>();
  for (const l of links) next.set(l.from, [...(next.get(l.from) ?? []), l.to]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out = new Set<string>();
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (next.get(v) ?? []).includes(v)) for (const c of component) out.add(c);
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  return out;
}

export interface WatchedNode {
  readable?: Readable;
  writable?: Writable;
  /** the router reading `readable` */
  router?: Writable;
  /** false while a connector has work in flight that no stream buffer shows */
  idle?: () => boolean;
}

/** polls until nothing is buffered or in flight twice in a row, then calls `quiet` (once) */
export class QuietWatch {
  private timer: TimerHandle | null = null;
  private calm = 0;

  constructor(
    private readonly nodes: () => Iterable<WatchedNode>,
    private readonly clock: Clock,
    private readonly quiet: () => void,
    private readonly pollMs = 10,
  ) {}

  start(): void {
    if (this.timer === null) this.timer = this.clock.setTimer(() => this.poll(), this.pollMs);
  }

  cancel(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  private poll(): void {
    this.timer = null;
    this.calm = this.isQuiet() ? this.calm + 1 : 0;
    if (this.calm >= 2) {
      this.quiet();
      return;
    }
    this.timer = this.clock.setTimer(() => this.poll(), this.pollMs);
  }

  private isQuiet(): boolean {
    for (const n of this.nodes()) {
      if (n.readable && n.readable.readableLength > 0) return false;
      if (n.writable && !n.writable.writableFinished && n.writable.writableLength > 0) return false;
      if (n.router && n.router.writableLength > 0) return false;
      if (n.idle && !n.idle()) return false;
    }
    return true;
  }
}
