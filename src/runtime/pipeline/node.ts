/**
 * What every pipeline node does at run time. A node receives an event on one of its input
 * ports and pushes zero or more (port, event) pairs to `out`; nodes that react to time also
 * receive ticks. Nodes own their state (script state, windows, counters), so two instances of
 * one plan never share anything.
 */
import type { Event } from '../event.js';

export class Out {
  readonly ports: string[] = [];
  readonly events: Event[] = [];

  push(port: string, ev: Event): void {
    this.ports.push(port);
    this.events.push(ev);
  }

  get length(): number {
    return this.ports.length;
  }

  clear(): void {
    this.ports.length = 0;
    this.events.length = 0;
  }
}

export interface NodeRuntime {
  event(port: string, ev: Event, out: Out): void;
  /** a runtime tick: `ns` is the wall-clock time; time windows close on it */
  tick?(ns: bigint, out: Out): void;
  /** end of input: emit what is still open (batch mode) */
  flush?(out: Out): void;
}
