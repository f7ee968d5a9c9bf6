/**
 * The source part of a connector that decodes bytes. The wiring every such source shares:
 *
 *   chunk ─▶ EventDecoder (preprocessors, codec) ─▶ {port: 'out', event}
 *                                              └─▶ {port: 'err', event: {error, source, line, data}}
 *         ─▶ QueuedSource's queue ─▶ push() while the consumer wants more
 *
 * `decoded` puts a chunk's events in the queue, `flushed` what a decoder still holds at the end
 * of its stream; what differs per connector is only where chunks come from and how its input
 * is paused (`wantMore`, `full`).
 *
 * Contraflow seams: `ack` and `fail` are where the runtime will report that an event this
 * source produced was delivered by every sink it reached, or failed at one. Nothing calls them
 * yet (there is no contraflow); a source that can redeliver (a queue, a file offset) will
 * override them, and at-least-once delivery (DECISIONS.md, Scale-out) will be built on them.
 */
import type { Event } from '../../runtime/event.js';
import type { EventDecoder } from '../framing.js';
import { QueuedSource } from '../queued-source.js';

export abstract class EventSource extends QueuedSource {
  /** the events decoded from one chunk join the queue (the chunk must not be reused) */
  protected decoded(decoder: EventDecoder, chunk: Uint8Array): void {
    this.enqueue(decoder.decode(chunk));
  }

  /** end of one input stream: what its decoder still holds (a last line without separator) */
  protected flushed(decoder: EventDecoder): void {
    this.enqueue(decoder.finish());
  }

  /** an event from this source reached every sink it was routed to (no-op until contraflow) */
  ack(_event: Event): void {}

  /** an event from this source could not be delivered (no-op until contraflow) */
  fail(_event: Event, _reason: string): void {}
}
