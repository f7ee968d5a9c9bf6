/**
 * `collect` postprocessor (Tremor 0.13): joins payloads into one chunk, sent at the end of the
 * stream (`finish`) — one request body, one file write — or, with `max_bytes` > 0, whenever
 * the next payload would take it past `max_bytes`: the collected bytes go, and the payload
 * starts the next collection. A payload larger than `max_bytes` is never split (its meaning
 * is the codec's, not ours): it becomes a chunk of its own, larger than `max_bytes`.
 *
 * One deviation: Tremor sends an empty chunk when there is nothing collected (at `finish`
 * after no payload, or before a first payload already over `max_bytes`); here nothing is sent
 * then, so that a UDP sink sends no empty datagram and a file sink makes no empty write.
 *
 * Config: `max_bytes` (default 0: only at the end). Tremor's docs spell it `max-bytes`, but
 * Tremor reads `max_bytes` (and rejects the other), so that is the key.
 *
 * `postprocessors = ["separate", {"name": "collect", "config": {"max_bytes": 65536}}]`
 */
import { int, schema } from '../runtime/schema.js';
import { postprocessor, type Interceptor } from './interceptor.js';

export class Collect implements Interceptor {
  private parts: Uint8Array[] = [];
  private length = 0;

  /** `maxBytes`: 0 for no limit */
  constructor(private readonly maxBytes: number) {}

  process(payload: Uint8Array): Uint8Array[] {
    const out = this.maxBytes !== 0 && this.length + payload.length > this.maxBytes ? this.take() : [];
    if (payload.length > 0) {
      this.parts.push(payload);
      this.length += payload.length;
    }
    return out;
  }

  finish(): Uint8Array[] {
    return this.take();
  }

  /** what is collected, as one chunk (none when nothing is) */
  private take(): Uint8Array[] {
    if (this.length === 0) return [];
    const out = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.length);
    this.parts = [];
    this.length = 0;
    return [out];
  }
}

export const collect = postprocessor(
  'collect',
  schema({ max_bytes: int({ min: 0, default: 0, doc: 'send what is collected before it would grow past this many bytes; 0: only at the end of the stream' }) }),
  (c) => new Collect(c.max_bytes),
);
