/**
 * What every pipeline node does at run time. A node receives an event on one of its input
 * ports and pushes zero or more (port, event) pairs to `out`; nodes that react to time also
 * receive ticks. Nodes own their state (script state, windows, counters), so two instances of
 * one plan never share anything.
 */
import type { Event } from '../runtime/event.js';

/** A reusable output buffer: `clear` only resets the count, so a hop allocates nothing. */
export class Out {
  readonly ports: string[] = [];
  readonly events: Event[] = [];
  length = 0;

  push(port: string, ev: Event): void {
    const n = this.length++;
    this.ports[n] = port;
    this.events[n] = ev;
  }

  clear(): void {
    this.length = 0;
  }
}

export interface NodeRuntime {
  event(port: string, ev: Event, out: Out): void;
  /** a runtime tick: `ns` is the wall-clock time; time windows close on it */
  tick?(ns: bigint, out: Out): void;
  /** end of input: emit what is still open (batch mode) */
  flush?(out: Out): void;
}
