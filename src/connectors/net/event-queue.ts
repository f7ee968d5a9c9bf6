/**
 * The source part of the socket connectors: events from every connection in arrival order.
 * A connection whose events had to be queued (the consumer is full) is paused until the queue
 * has drained and the consumer asks for more; memory stays bounded by highWaterMark plus one
 * read per connection. `autoDestroy` is off: ending the source must not close connections the
 * sink still answers on; the connector closes them when both parts are done, or on `destroy`.
 */
import type { PortEvent } from '../connector.js';
import { EventSource } from '../base/source.js';

/** something producing events that can be told to wait (a socket) */
export interface Pausable {
  pause(): unknown;
  resume(): unknown;
}

export class EventQueue extends EventSource {
  private readonly held = new Set<Pausable>();

  constructor(
    highWaterMark: number,
    private readonly onDestroy: () => void,
  ) {
    super({ highWaterMark, autoDestroy: false });
  }

  /** `end` was called: connections no longer read */
  get stopped(): boolean {
    return this.queueEnded || this.destroyed;
  }

  deliver(events: PortEvent[], from?: Pausable): void {
    if (this.stopped) return;
    this.enqueue(events);
    this.pump();
    if (from && this.backlog > 0 && !this.held.has(from)) {
      this.held.add(from);
      from.pause();
    }
  }

  /** a closed connection is no longer resumed */
  forget(from: Pausable): void {
    this.held.delete(from);
  }

  /**
   * No more events: what is queued is still pushed, then the stream ends. Paused connections
   * are resumed: what they still send is read and dropped, so that their close is noticed.
   */
  end(): void {
    this.endQueue();
    this.resumeHeld();
    this.pump();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.held.clear();
    this.onDestroy();
    cb(err);
  }

  /** the queue has drained and the consumer wants more: paused connections read again */
  protected wantMore(): void {
    this.resumeHeld();
  }

  private resumeHeld(): void {
    if (this.held.size === 0) return;
    const held = [...this.held];
    this.held.clear();
    for (const p of held) p.resume();
  }
}
