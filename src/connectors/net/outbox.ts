/**
 * Per-peer output queues for the servers of the session layer (tcp_server,
 * unix_socket_server, ws_server), and the rule that keeps one slow peer from holding up the
 * others.
 *
 * A peer's queue is what its transport has taken and not yet handed to the OS: a socket's
 * write buffer, a websocket's `bufferedAmount` (`Wire.queued`). The server's sink is one
 * ordered stream of events for all its peers, so if it waited for whichever peer is slow — as
 * Tremor does (a bounded channel per stream, awaited by the one sink task) — a client that
 * never reads would stop every other client's answers. So:
 *
 *   - an event is written to the queues of its peers without waiting for any one of them;
 *   - the sink waits (backpressure on the flow) only while *every* open peer is slow (its
 *     transport asked the writer to wait), until one of them drains, leaves, or a new peer
 *     comes. With one peer this is plain backpressure, as on a client connector; a slow peer
 *     among fast ones slows nobody;
 *   - a peer whose queue holds more than `max_queued_bytes` when its next event comes is
 *     disconnected, and that is reported (as `<id>: the peer … is disconnected …`); the event
 *     is undeliverable to it alone. We disconnect rather than route its events to `err`: a
 *     peer that has stopped reading would otherwise keep a connection that silently skips
 *     events, while a client that reconnects knows where it stands. Memory per peer stays
 *     below the bound plus one event (and the kernel's socket buffers);
 *   - `max_queued_bytes: null` keeps Tremor's behaviour: the sink waits for every slow peer.
 */
import { int, nullable } from '../../runtime/schema.js';
import type { Rec } from '../../runtime/value.js';
import { Undeliverable } from '../base/sink.js';
import type { Link, Session } from './session.js';

/** the configuration key of the servers that share this layer */
export const maxQueuedBytes = nullable(int({ min: 1 }), {
  default: 8 * 1024 * 1024,
  tremor: '(none: no such key; a slow peer holds up the others)',
  doc: "ours, not Tremor's: bytes waiting for one peer before it is disconnected, so that a peer that does not read holds up no other; null: the sink waits for every slow peer",
});

/** the peers of one server: how many are open, how many slow, and the sink's wait */
export class Outboxes {
  private open = 0;
  private slow = 0;
  private room: Promise<void> | null = null;
  private wake: () => void = () => {};

  /** `max`: the bound of each queue in bytes; null: none, the sink waits for each slow peer */
  constructor(readonly max: number | null) {}

  /** the outbox of a new peer (`key` names it in messages) */
  add(session: Session, key: string): Outbox {
    this.open++;
    this.check();
    return new Outbox(this, session, key);
  }

  /** null when the sink may go on; else resolves once it may (a peer drained, left or came) */
  gate(): Promise<void> | null {
    if (!this.allSlow()) return null;
    this.room ??= new Promise((resolve) => (this.wake = resolve));
    return this.room;
  }

  /** nothing more will be written: whoever waits goes on */
  release(): void {
    this.room = null;
    this.wake();
  }

  slowed(): void {
    this.slow++;
  }

  drained(): void {
    this.slow--;
    this.check();
  }

  left(): void {
    this.open--;
    this.check();
  }

  private allSlow(): boolean {
    return this.slow > 0 && this.slow >= this.open;
  }

  private check(): void {
    if (this.room !== null && !this.allSlow()) this.release();
  }
}

/** one peer's output: its session, bounded by `Outboxes.max` */
export class Outbox implements Link {
  /** its transport asked to wait and has not drained yet */
  private slow = false;
  /** disconnected for being over the bound, or closed */
  private gone = false;

  constructor(
    private readonly boxes: Outboxes,
    private readonly session: Session,
    private readonly key: string,
  ) {}

  get encoder() {
    return this.session.encoder;
  }

  send(chunks: Uint8Array[], meta: Rec, now = false): Promise<void> | null {
    const { max } = this.boxes;
    if (max === null) return this.session.send(chunks, meta, now);
    if (this.gone) throw new Undeliverable(`no open connection to the peer ${this.key}; the event is dropped`);
    const queued = this.session.wire.queued();
    if (queued > max) {
      this.gone = true;
      this.session.destroy();
      throw new Undeliverable(`the peer ${this.key} has ${queued} bytes waiting, more than max_queued_bytes (${max}): it is disconnected so that it holds up no other peer, and this event is dropped for it`);
    }
    const wait = this.session.send(chunks, meta, now);
    if (wait && !this.slow) {
      this.slow = true;
      this.boxes.slowed();
      // a drain, or the close of the connection
      void wait.then(() => {
        this.slow = false;
        this.boxes.drained();
      });
    }
    return this.boxes.gate();
  }

  finish(): Promise<void> {
    return this.session.finish();
  }

  destroy(): void {
    this.session.destroy();
  }

  /** its connection has closed */
  closed(): void {
    this.gone = true;
    this.boxes.left();
  }
}
