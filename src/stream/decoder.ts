/**
 * JSON lines -> events, as a Transform stream. Bytes come in, arrays of events go out: one
 * array per input chunk, so that the stages behind pay one stream hop per chunk instead of
 * one per event. A line that is not JSON is reported through `onError` with its line number
 * and skipped; nothing else is affected.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { newEvent, type Event } from '../runtime/event.js';
import { JsonError, parseJson } from '../runtime/json.js';
import { wallClockNs } from '../runtime/clock.js';

export interface DecodeError {
  line: number;
  text: string;
  message: string;
}

export interface DecoderOptions {
  onError?: (e: DecodeError) => void;
  /** ingest time of the events of a chunk (default: the wall clock when it was read) */
  now?: () => number | bigint;
  highWaterMark?: number;
}

export class JsonLinesDecoder extends Transform {
  private rest = '';
  private line = 0;
  private readonly text = new StringDecoder('utf8');
  private readonly onError: (e: DecodeError) => void;
  private readonly now: () => number | bigint;

  constructor(opts: DecoderOptions = {}) {
    super({ readableObjectMode: true, readableHighWaterMark: opts.highWaterMark ?? 16 });
    this.onError = opts.onError ?? (() => {});
    this.now = opts.now ?? wallClockNs;
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, cb: TransformCallback): void {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.text.write(chunk));
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.rest = text;
      cb();
      return;
    }
    this.rest = text.slice(end + 1);
    const batch = this.decode(text, end);
    if (batch.length) this.push(batch);
    cb();
  }

  override _flush(cb: TransformCallback): void {
    const text = this.rest + this.text.end() + '\n';
    this.rest = '';
    const batch = this.decode(text, text.length - 1);
    if (batch.length) this.push(batch);
    cb();
  }

  private decode(text: string, end: number): Event[] {
    const out: Event[] = [];
    const ts = this.now();
    let start = 0;
    while (start <= end) {
      let nl = text.indexOf('\n', start);
      if (nl < 0 || nl > end) nl = end;
      const line = this.line++;
      let stop = nl;
      if (stop > start && text.charCodeAt(stop - 1) === 13) stop--;
      const s = text.slice(start, stop);
      start = nl + 1;
      if (s.length === 0) continue;
      try {
        out.push(newEvent(parseJson(s), ts, line));
      } catch (e) {
        if (s.trim() === '') continue;
        const message = e instanceof JsonError ? `${e.message} at column ${e.offset + 1}` : (e as Error).message;
        this.onError({ line: line + 1, text: s, message });
      }
    }
    return out;
  }
}
