/**
 * What the readers of one consumer hold in this process (reader.ts): the messages whose
 * events are not all answered yet, by stream sequence, and the messages acked lately after
 * being held about an ack wait. A delivery of either is not processed again: the first is
 * still in the flow (its answer goes to the latest delivery), the second crossed our ack.
 * Held messages are kept alive (`keepAlive`). Acked messages are kept two generations of `ack_wait_ms` each, and only those held half an
 * ack wait or more (no other can have been delivered again meanwhile), so that memory stays
 * small at any rate.
 */
import type { JsMsg } from '@nats-io/jetstream';

/** a message whose events are not all answered yet */
export interface Pending {
  /** its latest delivery (the one answered) */
  msg: JsMsg;
  /** `out` events not answered yet */
  remaining: number;
  /**
   * the earliest the server can have delivered it (clock ms): when the pull that brought it
   * was made, not when it was taken (a starved process takes a batch's messages late)
   */
  since: number;
  /** the earliest the server last heard of it: delivered (as `since`), or told we are working on it (clock ms) */
  touched: number;
}

export class Held {
  readonly pending = new Map<number, Pending>();
  private recent = new Set<number>();
  private older = new Set<number>();

  constructor(
    private readonly ackWaitMs: number,
    /** when `recent` was started (clock ms) */
    private since: number,
  ) {}

  /** `p` was acked at `now` */
  acked(p: Pending, now: number): void {
    const seq = p.msg.seq;
    this.pending.delete(seq);
    if (now - p.since < this.ackWaitMs / 2 && !p.msg.redelivered) return;
    if (now - this.since >= this.ackWaitMs) {
      this.older = this.recent;
      this.recent = new Set();
      this.since = now;
    }
    this.recent.add(seq);
  }

  /**
   * Tells the server we are still working on each message held a third of an ack wait since
   * it last heard of it (call every third of an ack wait): no held message is delivered again
   * while this process lives. (nats-server 2.9 stopped serving a pull's new messages after
   * handing it redeliveries, so a process whose windows held messages past `ack_wait` stalled.)
   */
  keepAlive(now: number): void {
    for (const p of this.pending.values()) {
      if (now - p.touched < this.ackWaitMs / 3) continue;
      p.touched = now;
      p.msg.working();
    }
  }

  /** whether message `seq` was acked (after being held long) in the last ack wait or two */
  ackedLately(seq: number): boolean {
    return this.recent.has(seq) || this.older.has(seq);
  }
}
