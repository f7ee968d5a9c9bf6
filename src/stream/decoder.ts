/**
 * JSON lines -> events, as a Transform stream. Bytes come in, arrays of events go out: one
 * array per input chunk, so that the stages behind pay one stream hop per chunk instead of
 * one per event. A bad line is reported through `onError` with its line number and skipped;
 * nothing else is affected.
 *
 * Input policy (DECISIONS.md, Input and output policy):
 * - a UTF-8 byte order mark at the start of the input is skipped;
 * - a line that is not valid UTF-8 is a bad line (never decoded with replacement characters);
 * - a line nested deeper than the JSON limit, or holding a number beyond the float range
 *   (`1e400`), is a bad line (src/runtime/json.ts);
 * - after `cut()` (the input was stopped before its end, e.g. by a signal) an incomplete last
 *   line is not parsed — a line cut short may still be valid JSON, with another meaning — but
 *   reported through `onCut`.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { Event } from '../runtime/event.js';
import { LineDecoder, type DecodeError } from './line-decoder.js';
import { wallClockNs } from '../base/wallclock.js';

export { LINES, type DecodeError } from './line-decoder.js';

export interface DecoderOptions {
  onError?: (e: DecodeError) => void;
  /** an incomplete last line left unparsed after `cut()`: its number and length in bytes */
  onCut?: (line: number, bytes: number) => void;
  /** ingest time of the events of a chunk (default: the wall clock when it was read) */
  now?: () => number | bigint;
  /** keep `1.0` a float (slower: the text is scanned); default false, see parseJsonFast */
  exactNumbers?: boolean;
  /**
   * keep valid canonical lines undecoded until read (LazyEvent; default true): a query then
   * decodes only the keys it reads, and JsonLinesEncoder writes an unchanged event's line
   */
  lazy?: boolean;
  highWaterMark?: number;
}

const BATCH = 256;

export class JsonLinesDecoder extends Transform {
  /** the bytes of an incomplete last line, waiting for the next chunk */
  private carry: Buffer | null = null;
  private line = 0;
  private wasCut = false;
  private readonly onError: (e: DecodeError) => void;
  private readonly onCut: (line: number, bytes: number) => void;
  private readonly now: () => number | bigint;
  private readonly decoder: LineDecoder;

  constructor(opts: DecoderOptions = {}) {
    // a generous byte buffer: a large read must not trip backpressure on every chunk
    super({ readableObjectMode: true, readableHighWaterMark: opts.highWaterMark ?? 16, writableHighWaterMark: 1 << 20 });
    this.onError = opts.onError ?? (() => {});
    this.onCut = opts.onCut ?? (() => {});
    this.now = opts.now ?? wallClockNs;
    this.decoder = new LineDecoder(opts);
  }

  /** lines read so far */
  get lines(): number {
    return this.line;
  }

  /** the input was stopped before its end: an incomplete last line is not parsed */
  cut(): void {
    this.wasCut = true;
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
      const whole = Buffer.concat([this.carry, buf.subarray(0, nl)]);
      this.carry = null;
      this.line1(whole, 0, whole.length, ts, out);
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    while (nl >= 0) {
      let stop = nl;
      if (stop > start && buf[stop - 1] === 13) stop--;
      if (stop > start) this.line1(buf, start, stop, ts, out);
      else this.line++;
      start = nl + 1;
      nl = buf.indexOf(10, start);
    }
    if (start < buf.length) this.carry = buf.subarray(start);
    if (out.length) this.push(out);
    cb();
  }

  override _flush(cb: TransformCallback): void {
    const carry = this.carry;
    this.carry = null;
    if (carry && this.wasCut) this.onCut(this.line + 1, carry.length);
    else if (carry) {
      const out: Event[] = [];
      this.line1(carry, 0, carry.length, this.now(), out);
      if (out.length) this.push(out);
    }
    cb();
  }

  private line1(buf: Buffer, start: number, stop: number, ts: number | bigint, out: Event[]): void {
    const line = this.line++;
    const err = this.decoder.decode(buf, start, stop, line, line === 0, ts, out);
    if (err) this.onError(err);
    // hand on batches of a few hundred events: decoded objects then die young, before the
    // next scavenge, instead of a whole large read's worth surviving into the old space
    else if (out.length >= BATCH) this.push(out.splice(0, out.length));
  }
}
