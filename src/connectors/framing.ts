/**
 * Bytes <-> events for connectors that carry bytes (file, stdio, and later tcp, ws, …),
 * following the connector pipeline of reference §4.1:
 *
 *   in:  bytes ─▶ preprocessor[0] ─▶ … ─▶ preprocessor[n] ─▶ codec.decode ─▶ events
 *   out: value ─▶ codec.encode ─▶ postprocessor[0] ─▶ … ─▶ postprocessor[n] ─▶ byte chunks
 *
 * One `EventDecoder` / `EventEncoder` per stream (a file, stdin, one connection): codecs and
 * interceptors keep state across the chunks of a stream, and `finish` flushes it at its end.
 *
 * Input that cannot be preprocessed or decoded does not stop the stream (DECISIONS.md): it
 * becomes an event on the `err` port, `{"error", "source", "line", "data"}`, with the data as
 * text when it is UTF-8 and as a binary otherwise, and the events around it are unaffected.
 * `line` counts the chunks the first preprocessor hands on (with `separate`, the lines of the
 * stream, `remove-empty` or not), or the raw chunks when there is no preprocessor.
 */
import { isUtf8 } from 'node:buffer';
import { messageOf } from '../base/message-of.js';
import { createCodec, type Codec } from '../codecs/index.js';
import { toBuffer } from '../codecs/bytes.js';
import { createPostprocessors, createPreprocessors, PartialFailure, type Interceptor } from '../interceptors/index.js';
import { eventValues, LazyEvent, newEvent, rawBytes, type Event } from '../runtime/event.js';
import { stringify } from '../runtime/json.js';
import type { Origin } from '../runtime/origin.js';
import { setKey, type Rec, type Value } from '../runtime/value.js';
import type { ConnectorContext, PortEvent } from './connector.js';

export interface DecoderOptions {
  origin: Origin | null;
  /** the metadata of an event, a fresh record each call (pipelines may change it) */
  meta?: () => Rec;
}

type Failure = { at: number; message: string };

const EMPTY = new Uint8Array(0);

function codecOf(ctx: Pick<ConnectorContext, 'id' | 'codec'>): Codec {
  if (!ctx.codec) throw new Error(`The connector ${ctx.id} needs a codec`);
  return createCodec(ctx.codec);
}

/** a codec with its configuration, as the key of an event's raw bytes (runtime/event.ts, Raw) */
function codecKey(ctx: Pick<ConnectorContext, 'codec'>): string {
  return ctx.codec ? `${ctx.codec.name} ${stringify(ctx.codec.config)}` : '';
}

export class EventDecoder {
  private readonly codec: Codec;
  private readonly pre: Interceptor[];
  private readonly meta: () => Rec;
  private readonly key: string;
  private line = 0;
  private nextId = 0;

  constructor(
    private readonly ctx: Pick<ConnectorContext, 'id' | 'codec' | 'preprocessors' | 'clock' | 'bytes'>,
    private readonly opts: DecoderOptions,
  ) {
    this.codec = codecOf(ctx);
    this.key = codecKey(ctx);
    this.pre = createPreprocessors(ctx.preprocessors);
    this.meta = opts.meta ?? (() => ({}));
  }

  /**
   * The events of one chunk, in order. The chunk must not be reused afterwards: the events'
   * values and later chunks may still refer to its bytes.
   */
  decode(chunk: Uint8Array): PortEvent[] {
    const out: PortEvent[] = [];
    if (this.ctx.bytes) this.ctx.bytes.in += chunk.length;
    this.stage(0, chunk, this.ctx.clock.wallNs(), out);
    return out;
  }

  /** end of stream: what the preprocessors still hold (a last line without a separator) */
  finish(): PortEvent[] {
    const out: PortEvent[] = [];
    const ns = this.ctx.clock.wallNs();
    // each stage's leftovers go through the stages after it, which are then finished in turn
    for (let i = 0; i < this.pre.length; i++) {
      let produced: Uint8Array[];
      let failures: Failure[] = [];
      try {
        produced = this.pre[i].finish();
      } catch (e) {
        [produced, failures] = e instanceof PartialFailure ? [e.output, e.failures] : [[], [{ at: 0, message: messageOf(e) }]];
      }
      this.handOn(i, produced, failures, EMPTY, ns, out);
    }
    return out;
  }

  /** runs `chunk` through preprocessor `i` and everything after it */
  private stage(i: number, chunk: Uint8Array, ns: bigint, out: PortEvent[]): void {
    if (i === this.pre.length) {
      if (i === 0) this.line++;
      this.value(chunk, ns, out);
      return;
    }
    let produced: Uint8Array[];
    let failures: Failure[] = [];
    try {
      produced = this.pre[i].process(chunk);
    } catch (e) {
      [produced, failures] = e instanceof PartialFailure ? [e.output, e.failures] : [[], [{ at: 0, message: messageOf(e) }]];
    }
    this.handOn(i, produced, failures, chunk, ns, out);
  }

  /** passes the output of stage `i` on, with its failures (about `input`) in place */
  private handOn(i: number, produced: Uint8Array[], failures: Failure[], input: Uint8Array, ns: bigint, out: PortEvent[]): void {
    let f = 0;
    for (let k = 0; k <= produced.length; k++) {
      for (; f < failures.length && failures[f].at <= k; f++) {
        if (i === 0) this.line++;
        out.push(this.error(failures[f].message, input, ns));
      }
      if (k === produced.length) break;
      if (i === 0) this.line++;
      this.stage(i + 1, produced[k], ns, out);
    }
  }

  private value(chunk: Uint8Array, ns: bigint, out: PortEvent[]): void {
    let v: Value | undefined;
    const { codec } = this;
    const lazy = codec.lazy;
    try {
      if (lazy) {
        const text = lazy.text(chunk);
        const spans: number[] = [];
        if (lazy.canonical(text, spans)) {
          // checked, decoded when read (runtime/event.ts, LazyEvent)
          const raw = { of: undefined, bytes: chunk, codec: this.key };
          out.push({ port: 'out', event: new LazyEvent(text, lazy.parse, raw, ns, this.nextId++, this.meta(), this.opts.origin, spans) });
          return;
        }
        v = lazy.decode(text);
      } else v = codec.decode(chunk);
    } catch (e) {
      out.push(this.error(messageOf(e), chunk, ns));
      return;
    }
    if (v !== undefined) out.push({ port: 'out', event: newEvent(v, ns, this.nextId++, this.meta(), this.opts.origin) });
  }

  private error(message: string, data: Uint8Array, ns: bigint): PortEvent {
    const buf = toBuffer(data);
    const raw: Value = isUtf8(buf) ? buf.toString('utf8') : new Uint8Array(buf);
    const meta = this.meta();
    setKey(meta, 'error', message);
    const payload: Rec = { error: message, source: this.ctx.id, line: this.line, data: raw };
    return { port: 'err', event: newEvent(payload, ns, this.nextId++, meta, this.opts.origin) };
  }
}

/**
 * Values -> byte chunks for one output stream. Encoding failures are thrown (the sink reports
 * them and goes on with the next event). `encodeEvent` writes each entry of a `generic::batch`
 * event as its own value.
 */
export class EventEncoder {
  private readonly codec: Codec;
  private readonly key: string;
  private readonly post: Interceptor[];
  private readonly bytes: ConnectorContext['bytes'];

  constructor(ctx: Pick<ConnectorContext, 'id' | 'codec' | 'postprocessors' | 'bytes'>) {
    this.codec = codecOf(ctx);
    this.key = codecKey(ctx);
    this.post = createPostprocessors(ctx.postprocessors);
    this.bytes = ctx.bytes;
  }

  encode(value: Value): Uint8Array[] {
    return this.through(0, [this.codec.encode(value)]);
  }

  /** an event's payloads (batch events unpacked, see eventValues), encoded in order */
  encodeEvent(e: Event): Uint8Array[] {
    // an unchanged event decoded with this codec: its bytes, not encoded again
    const raw = rawBytes(e, this.key);
    if (raw !== null) return this.through(0, [raw]);
    if (!e.batch) return this.encode(e.data);
    const out: Uint8Array[] = [];
    for (const v of eventValues(e)) for (const b of this.encode(v)) out.push(b);
    return out;
  }

  /** end of stream: what streaming postprocessors still hold */
  finish(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < this.post.length; i++) out.push(...this.through(i + 1, this.post[i].finish()));
    return out;
  }

  private through(from: number, chunks: Uint8Array[]): Uint8Array[] {
    for (let i = from; i < this.post.length; i++) {
      const p = this.post[i];
      chunks = chunks.length === 1 ? p.process(chunks[0]) : chunks.flatMap((c) => p.process(c));
    }
    if (this.bytes) for (const c of chunks) this.bytes.out += c.length;
    return chunks;
  }
}
