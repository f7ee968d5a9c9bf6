/**
 * GELF chunk reassembly, the `gelf-chunking` preprocessor's state (Tremor's `GelfChunking`).
 *
 * Each datagram is one chunk (see segment.ts). A whole message (count 1, unchunked JSON, WELF)
 * passes straight through. The chunks of a message are kept by id until all `count` of them
 * are there, in any order, then concatenated in sequence order and emitted; the count of the
 * first chunk seen is the message's (Tremor ignores a later chunk's). Up to 255 chunks are
 * accepted (the header has a byte for it), as in Tremor; 128 is only the encoder's limit.
 *
 * Expiry, as Tremor does it: GELF drops a message whose chunks do not all arrive within 5 s.
 * Tremor keeps two generations, `current` and `previous`; when a chunk arrives more than 5 s
 * after the last swap, `previous` is dropped, `current` becomes `previous`, and a fresh
 * `current` starts. A message therefore lives between 5 and 10 s, checked lazily (when the
 * next chunk arrives), which costs nothing per message. A chunk of a message in `previous`
 * is added there, so it keeps its generation. There is no limit on the number of messages
 * held at once (nor in Tremor): a sender that never completes its messages costs up to 10 s
 * of its traffic in memory.
 *
 * Problems, with Tremor's texts (Tremor logs them; here they are failures, which reach the
 * connector's `err` port with the datagram — DECISIONS.md: nothing disappears unreported):
 * - a sequence number beyond the count of a new message: that chunk is dropped;
 * - a chunk whose slot is already filled (a duplicate), or beyond the count of a message
 *   under way: the whole message is dropped, as Tremor does (Tremor calls both "Duplicate
 *   index"; the out-of-range case says so here);
 * - a message that expires incomplete (Tremor drops it silently): one failure each, reported
 *   with the chunk that made it expire;
 * - `finish` (end of stream) reports the incomplete messages still held (Tremor drops them).
 *
 * Time is an input (`clock.now()`, monotonic ms) so that expiry is tested deterministically;
 * Tremor uses each datagram's ingest time, which is the same instant up to processing delay.
 */
import type { Clock } from '../../base/clock.js';
import { messageOf } from '../../base/message-of.js';
import { PartialFailure, type Interceptor } from '../interceptor.js';
import { decodeSegment, type Segment } from './segment.js';

/** GELF's deadline for the chunks of one message, in ms (Tremor's FIVE_SEC) */
export const CHUNK_TIMEOUT_MS = 5000;

interface Pending {
  /** the number of chunks, from the first chunk seen */
  readonly count: number;
  stored: number;
  bytes: number;
  readonly segments: (Uint8Array | undefined)[];
}

type Failure = { at: number; message: string };

export class GelfReassembler implements Interceptor {
  private current = new Map<bigint, Pending>();
  private previous = new Map<bigint, Pending>();
  /** when the generations were last swapped; unset until the first chunk */
  private lastSwap: number | undefined;

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  process(chunk: Uint8Array): Uint8Array[] {
    // an invalid header is rejected before the clock is looked at, as in Tremor
    const segment = decodeSegment(chunk);
    const failures = this.expire();
    const out: Uint8Array[] = [];
    try {
      const message = this.enqueue(segment);
      if (message) out.push(message);
    } catch (e) {
      failures.push({ at: 0, message: messageOf(e) });
    }
    if (failures.length) throw new PartialFailure(out, failures);
    return out;
  }

  finish(): Uint8Array[] {
    const failures = [...this.previous, ...this.current].map(([id, m]) => ({ at: 0, message: incomplete(id, m, 'the stream ended') }));
    this.previous.clear();
    this.current.clear();
    this.lastSwap = undefined;
    if (failures.length) throw new PartialFailure([], failures);
    return [];
  }

  /** Tremor's generation swap: drops what is older than one to two timeouts */
  private expire(): Failure[] {
    const now = this.clock.now();
    if (this.lastSwap === undefined) this.lastSwap = now;
    if (now - this.lastSwap <= CHUNK_TIMEOUT_MS) return [];
    this.lastSwap = now;
    const dropped = [...this.previous].map(([id, m]) => ({ at: 0, message: incomplete(id, m, `${CHUNK_TIMEOUT_MS / 1000} s passed`) }));
    this.previous = this.current;
    this.current = new Map();
    return dropped;
  }

  /** the complete message this chunk finishes, if it does; throws when it drops the chunk */
  private enqueue(s: Segment): Uint8Array | undefined {
    if (s.count === 1) return s.data;
    let held = this.current;
    let m = held.get(s.id);
    if (!m) {
      held = this.previous;
      m = held.get(s.id);
    }
    if (!m) {
      if (s.seq >= s.count) throw new Error(`gelf-chunking: Discarding out of range chunk ${s.seq}/${s.count} for ${s.id} (${s.data.length} bytes)`);
      const segments: (Uint8Array | undefined)[] = new Array(s.count).fill(undefined);
      segments[s.seq] = s.data;
      this.current.set(s.id, { count: s.count, stored: 1, bytes: s.data.length, segments });
      return undefined;
    }
    if (s.seq >= m.count || m.segments[s.seq] !== undefined) {
      held.delete(s.id);
      const what = s.seq >= m.count ? `Out of range chunk ${s.seq}/${m.count}` : `Duplicate index ${s.seq}`;
      throw new Error(`gelf-chunking: ${what} for gelf message id ${s.id}; the message is discarded (${m.stored} of ${m.count} chunks had arrived)`);
    }
    m.segments[s.seq] = s.data;
    m.stored++;
    m.bytes += s.data.length;
    if (m.stored < m.count) return undefined;
    held.delete(s.id);
    return Buffer.concat(m.segments as Uint8Array[], m.bytes);
  }
}

function incomplete(id: bigint, m: Pending, why: string): string {
  return `gelf-chunking: Discarding the incomplete gelf message id ${id}: ${why} with ${m.stored} of its ${m.count} chunks (${m.bytes} bytes)`;
}
