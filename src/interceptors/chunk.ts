/**
 * `chunk` postprocessor (Tremor 0.13): packs whole payloads into output chunks of
 * at most `max_bytes`, as close to it as it can without splitting a payload — to fill UDP
 * datagrams of a given size, say.
 *
 * Tremor's rules, per payload: one larger than `max_bytes` is discarded; one that would take
 * the buffer past `max_bytes` sends the buffer and starts the next with it; one that fills it
 * exactly sends buffer and payload together; anything smaller waits. `finish` (end of stream)
 * sends what is buffered. No output chunk is ever empty or larger than `max_bytes`.
 *
 * The discard: Tremor logs a warning and carries on. An interceptor has no log here; it throws,
 * and the sink reports `<id>: cannot encode an event: chunk: payload of size … exceeded
 * max_bytes …. Discarding...` and goes on with the next event, the buffer untouched — the same
 * outcome, with the warning where a user sees it.
 *
 * Config: `max_bytes` (required, > 0).
 *
 * `postprocessors = ["separate", {"name": "chunk", "config": {"max_bytes": 1432}}]`
 */
import { int, schema } from '../runtime/schema.js';
import { postprocessor, type Interceptor } from './interceptor.js';

export class Chunk implements Interceptor {
  private parts: Uint8Array[] = [];
  private length = 0;

  constructor(private readonly maxBytes: number) {}

  process(payload: Uint8Array): Uint8Array[] {
    if (payload.length > this.maxBytes) throw new Error(`chunk: payload of size ${payload.length} exceeded max_bytes ${this.maxBytes}. Discarding...`);
    const length = this.length + payload.length;
    if (length > this.maxBytes) {
      // the buffer is not empty here: the payload alone fits
      const out = this.take();
      this.keep(payload);
      return [out];
    }
    this.keep(payload);
    return length === this.maxBytes ? [this.take()] : [];
  }

  finish(): Uint8Array[] {
    return this.length > 0 ? [this.take()] : [];
  }

  private keep(payload: Uint8Array): void {
    if (payload.length === 0) return;
    this.parts.push(payload);
    this.length += payload.length;
  }

  private take(): Uint8Array {
    const out = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.length);
    this.parts = [];
    this.length = 0;
    return out;
  }
}

export const chunk = postprocessor(
  'chunk',
  schema({ max_bytes: int({ min: 0, exclusiveMin: true, required: true, doc: 'the most bytes an output chunk holds; a larger payload is discarded' }) }),
  (c) => new Chunk(c.max_bytes),
);
