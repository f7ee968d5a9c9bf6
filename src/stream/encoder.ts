/**
 * `{port, event}` batches -> JSON lines. Events on `out` are written to the stream's readable
 * side, one line each, one string per batch; every other port goes to `onPort` (the CLI
 * writes `err` to stderr). An event that cannot be encoded (a value nested deeper than the
 * JSON limit, built by a script) is reported through `onError` and skipped: the stream goes on.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { stringify } from '../runtime/json.js';
import type { Emitted } from '../pipeline/graph.js';
import { eventValues, LazyEvent } from '../runtime/event.js';
import { LINES } from './decoder.js';
import type { Value } from '../runtime/value.js';

export interface EncoderOptions {
  /** called with the JSON line of an event on a port other than `out` */
  onPort?: (port: string, line: string) => void;
  /** called for an event that cannot be encoded (it is skipped) */
  onError?: (port: string, e: Error) => void;
  highWaterMark?: number;
}

export class JsonLinesEncoder extends Transform {
  private readonly onPort: (port: string, line: string) => void;
  private readonly onError: (port: string, e: Error) => void;

  constructor(opts: EncoderOptions = {}) {
    super({ writableObjectMode: true, writableHighWaterMark: opts.highWaterMark ?? 16 });
    this.onPort = opts.onPort ?? (() => {});
    this.onError = opts.onError ?? ((_port, e) => this.emit('warning', e));
  }

  override _transform(batch: Emitted[], _enc: BufferEncoding, cb: TransformCallback): void {
    const out = encodeLines(batch, this.onPort, this.onError);
    if (out) this.push(out);
    cb();
  }
}

/**
 * The JSON lines of the events on `out` of a batch, each ended by a newline; other ports go to
 * `onPort`, events that cannot be encoded to `onError` (and are skipped).
 */
export function encodeLines(batch: readonly Emitted[], onPort: (port: string, line: string) => void, onError: (port: string, e: Error) => void): string {
  let out = '';
  for (let i = 0; i < batch.length; i++) {
    const r = batch[i];
    const e = r.event;
    if (!e.batch) {
      // an event decoded from a line and unchanged: that line, not encoded again
      const line = e instanceof LazyEvent ? (e.textIfUnchanged(LINES) ?? lineOf(r.port, e.data, onError)) : lineOf(r.port, e.data, onError);
      if (line === null) continue;
      if (r.port === 'out') out += line + '\n';
      else onPort(r.port, line);
      continue;
    }
    for (const v of eventValues(e)) {
      const line = lineOf(r.port, v, onError);
      if (line === null) continue;
      if (r.port === 'out') out += line + '\n';
      else onPort(r.port, line);
    }
  }
  return out;
}

function lineOf(port: string, v: Value, onError: (port: string, e: Error) => void): string | null {
  try {
    return stringify(v);
  } catch (e) {
    onError(port, e as Error);
    return null;
  }
}
