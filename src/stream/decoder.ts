/**
 * JSON lines -> events, as a Transform stream. Bytes come in, arrays of events go out: one
 * array per input chunk, so that the stages behind pay one stream hop per chunk instead of
 * one per event. A line that is not JSON is reported through `onError` with its line number
 * and skipped; nothing else is affected.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { newEvent, type Event } from '../runtime/event.js';
import { JsonError, parseJson, parseJsonFast } from '../runtime/json.js';
import { wallClockNs } from '../base/wallclock.js';
import type { Value } from '../runtime/value.js';

export interface DecodeError {
  line: number;
  text: string;
  message: string;
}

export interface DecoderOptions {
  onError?: (e: DecodeError) => void;
  /** ingest time of the events of a chunk (default: the wall clock when it was read) */
  now?: () => number | bigint;
  /** keep `1.0` a float (slower: the text is scanned); default false, see parseJsonFast */
  exactNumbers?: boolean;
  highWaterMark?: number;
}

const BATCH = 256;

export class JsonLinesDecoder extends Transform {
  /** the bytes of an incomplete last line, waiting for the next chunk */
  private carry: Buffer | null = null;
  private line = 0;
  private readonly onError: (e: DecodeError) => void;
  private readonly now: () => number | bigint;
  private readonly parse: (s: string) => Value;

  constructor(opts: DecoderOptions = {}) {
    // a generous byte buffer: a large read must not trip backpressure on every chunk
    super({ readableObjectMode: true, readableHighWaterMark: opts.highWaterMark ?? 16, writableHighWaterMark: 1 << 20 });
    this.onError = opts.onError ?? (() => {});
    this.now = opts.now ?? wallClockNs;
    this.parse = opts.exactNumbers ? parseJson : parseJsonFast;
  }

  /**
   * Lines are found in the bytes and each is decoded on its own: decoding a whole chunk to a
   * string and slicing it costs about four times as much.
   */
  override _transform(chunk: Buffer | string, _enc: BufferEncoding, cb: TransformCallback): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const out: Event[] = [];
    const ts = this.now();
    let start = 0;
    let nl = buf.indexOf(10);
    if (nl < 0) {
      this.carry = this.carry ? Buffer.concat([this.carry, buf]) : buf;
      cb();
      return;
    }
    if (this.carry) {
      this.line1(Buffer.concat([this.carry, buf.subarray(0, nl)]).toString('utf8'), ts, out);
      this.carry = null;
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    while (nl >= 0) {
      let stop = nl;
      if (stop > start && buf[stop - 1] === 13) stop--;
      if (stop > start) this.line1(buf.toString('utf8', start, stop), ts, out);
      else this.line++;
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    if (start < buf.length) this.carry = buf.subarray(start);
    if (out.length) this.push(out);
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (this.carry) {
      const out: Event[] = [];
      this.line1(this.carry.toString('utf8'), this.now(), out);
      this.carry = null;
      if (out.length) this.push(out);
    }
    cb();
  }

  private line1(s: string, ts: number | bigint, out: Event[]): void {
    const line = this.line++;
    try {
      out.push(newEvent(this.parse(s), ts, line));
      // hand on batches of a few hundred events: decoded objects then die young, before the
      // next scavenge, instead of a whole large read's worth surviving into the old space
      if (out.length >= BATCH) this.push(out.splice(0, out.length));
    } catch (e) {
      if (s.trim() === '') return;
      const message = e instanceof JsonError ? `${e.message} at column ${e.offset + 1}` : (e as Error).message;
      this.onError({ line: line + 1, text: s, message });
    }
  }
}
