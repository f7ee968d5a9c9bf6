/**
 * One JSON line -> one event, synchronously: what JsonLinesDecoder does to each line it finds,
 * shared with the worker threads of a parallel query (src/stream/parallel/). The input policy
 * is JsonLinesDecoder's (a byte order mark on the first line is skipped, a line that is not
 * valid UTF-8 or not JSON is reported, never decoded with replacement characters).
 */
import { isUtf8 } from 'node:buffer';
import { LazyEvent, newEvent, type Event } from '../runtime/event.js';
import { validCanonical } from '../runtime/json-canonical.js';
import { JsonError, parseJson, parseJsonFast } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';

export interface DecodeError {
  line: number;
  text: string;
  message: string;
}

export interface LineDecoderOptions {
  /** keep `1.0` a float (slower: the text is scanned); default false, see parseJsonFast */
  exactNumbers?: boolean;
  /** keep valid canonical lines undecoded until read (LazyEvent); default true */
  lazy?: boolean;
}

const EMPTY = new Uint8Array(0);
/** the key of the raw form of JSON lines (JsonLinesEncoder writes such events' text) */
export const LINES = 'json lines';
/** a canonical text has no number JSON.parse could round */
const parseCanonicalText = (text: string): Value => JSON.parse(text) as Value;
const BOM = 0xfeff;
const REPLACEMENT = '\ufffd';

export class LineDecoder {
  private readonly parse: (s: string) => Value;
  private readonly lazy: boolean;

  constructor(opts: LineDecoderOptions = {}) {
    this.parse = opts.exactNumbers ? parseJson : parseJsonFast;
    this.lazy = opts.lazy ?? true;
  }

  /**
   * Decodes `buf[start, stop)` (one line, without its end of line) into `out`, or returns what
   * is wrong with it (`line` is its 0-based number; `bom`: a byte order mark may start it).
   * An empty or blank line gives nothing and no error.
   */
  decode(buf: Buffer, start: number, stop: number, line: number, bom: boolean, ts: number | bigint, out: Event[]): DecodeError | null {
    let s = buf.toString('utf8', start, stop);
    if (bom && s.charCodeAt(0) === BOM) s = s.slice(1);
    // a replacement character is rare in real text: only then are the bytes checked
    if (s.includes(REPLACEMENT) && !isUtf8(buf.subarray(start, stop))) return { line: line + 1, text: s, message: 'not valid UTF-8' };
    try {
      // a valid canonical line is decoded only as far as the query reads it (LazyEvent)
      const spans: number[] | null = this.lazy ? [] : null;
      if (spans !== null && validCanonical(s, spans)) out.push(new LazyEvent(s, parseCanonicalText, { of: undefined, bytes: EMPTY, codec: LINES }, ts, line, {}, null, spans));
      else out.push(newEvent(this.parse(s), ts, line));
      return null;
    } catch (e) {
      if (s.trim() === '') return null;
      const message = e instanceof JsonError ? `invalid JSON: ${e.message} at column ${e.offset + 1}` : `invalid JSON: ${(e as Error).message}`;
      return { line: line + 1, text: s, message };
    }
  }
}
