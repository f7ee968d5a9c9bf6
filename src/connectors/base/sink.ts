/**
 * The sink part of a connector, with the wiring every sink shares:
 *
 *   {port, event} ─▶ deliver(event) ─▶ encode (codec, then postprocessors) ─▶ write
 *                          │
 *                          └─▶ settles per event: resolves once written (the event is acked),
 *                              rejects when it cannot be (the event is failed)
 *
 * A rejection with `Undeliverable` concerns that event only (it cannot be encoded, its peer is
 * gone): it is reported as `<id>: <message>`, the event is failed and the sink goes on with
 * the next one. Any other error breaks the sink (a file that cannot be written): the events of
 * that write are failed and the stream fails.
 *
 * Acks and fails (runtime/tx.ts) concern only events of transactional sources; these sinks are
 * Tremor's auto-ack sinks: an event is acked once written.
 *
 * Backpressure: the Writable calls back once every event of a `write`/`writev` has settled,
 * so it buffers at most its highWaterMark while a slow target drains. `deliver` returns
 * nothing when the event was written synchronously and nothing needs waiting for (no promise
 * per event on the fast path). `deliverAll` hands a writev's events on in order, one `deliver`
 * each; a sink that writes batches (the file sink: one writev) overrides it.
 *
 * Subclasses state only what differs: `deliver`, and optionally `flush` (after the last event:
 * the encoders' tails, a sync, a close) and `release` (on destroy).
 */
import { Writable } from 'node:stream';
import { messageOf } from '../../base/message-of.js';
import type { Event } from '../../runtime/event.js';
import { ackTx, failTx } from '../../runtime/tx.js';
import type { ConnectorContext, PortEvent } from '../connector.js';
import type { EventEncoder } from '../framing.js';

/** one event could not be delivered; the sink goes on */
export class Undeliverable extends Error {
  override name = 'Undeliverable';
}

/** what `deliver` returns: nothing (done) or the promise of the event's outcome */
export type Outcome = Promise<void> | void;

/** an outcome once reported: whether the event was delivered (false: Undeliverable, reported) */
export type Settled = Promise<boolean> | boolean;

export abstract class EventSink extends Writable {
  constructor(protected readonly ctx: ConnectorContext) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
  }

  /** hands one event on; throws or rejects with Undeliverable for this event alone */
  protected abstract deliver(pe: PortEvent): Outcome;

  /**
   * the outcomes of a batch of events, delivered in order: entry i is event i's; entries after
   * the events (a batch's one write) concern them all
   */
  protected deliverAll(events: PortEvent[]): Settled[] {
    return events.map((pe) => this.attempt(() => this.deliver(pe)));
  }

  /** after the last event: flush encoders, close what the sink opened */
  protected flush(): Promise<void> {
    return Promise.resolve();
  }

  /** on destroy: let go of what the sink holds */
  protected release(): Promise<void> | void {}

  /** the encoded chunks of an event, or Undeliverable when it cannot be encoded */
  protected encode(encoder: EventEncoder, event: Event): Uint8Array[] {
    try {
      return encoder.encodeEvent(event);
    } catch (e) {
      throw new Undeliverable(`cannot encode an event: ${messageOf(e)}`);
    }
  }

  /** runs one delivery: an Undeliverable thrown right away is reported right away */
  protected attempt(run: () => Outcome): Settled {
    try {
      const o = run();
      return o ? o.then(delivered, (e: unknown) => this.failed(e)) : true;
    } catch (e) {
      return e instanceof Undeliverable ? this.failed(e) : Promise.reject(e);
    }
  }

  override _write(chunk: PortEvent, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    const events = [chunk];
    const started = chunk.event.tx ? performance.now() : 0;
    this.settle(events, this.deliverAll(events), started, cb);
  }

  override _writev(chunks: { chunk: PortEvent }[], cb: (e?: Error | null) => void): void {
    const events = chunks.map((c) => c.chunk);
    const started = events.some((pe) => pe.event.tx) ? performance.now() : 0;
    this.settle(events, this.deliverAll(events), started, cb);
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.flush().then(() => cb(), cb);
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    const r = this.release();
    if (r)
      r.then(
        () => cb(err),
        (e: Error) => cb(err ?? e),
      );
    else cb(err);
  }

  /** answers the events (`started`: when the write began, for the acks' time) and calls back */
  private settle(events: PortEvent[], outcomes: Settled[], started: number, cb: (e?: Error | null) => void): void {
    if (!outcomes.some((o) => o instanceof Promise)) {
      answer(events, outcomes as boolean[], started);
      return cb();
    }
    Promise.all(outcomes).then(
      (done) => {
        answer(events, done, started);
        cb();
      },
      (e: Error) => {
        for (const pe of events) failTx(pe.event.tx);
        cb(e);
      },
    );
  }

  private failed(e: unknown): false {
    if (!(e instanceof Undeliverable)) throw e;
    this.ctx.report(`${this.ctx.id}: ${e.message}`);
    return false;
  }
}

const delivered = (): true => true;

/** acks the delivered events of transactional sources (with the time taken), fails the others */
function answer(events: PortEvent[], outcomes: boolean[], started: number): void {
  const ns = started ? Math.round((performance.now() - started) * 1e6) : 0;
  for (let i = 0; i < events.length; i++) {
    const tx = events[i].event.tx;
    if (!tx) continue;
    if (outcomes[i]) ackTx(tx, ns);
    else failTx(tx);
  }
}
