/**
 * `{port, event}` batches -> JSON lines. Events on `out` are written to the stream's readable
 * side, one line each, one string per batch; every other port goes to `onPort` (the CLI
 * writes `err` to stderr).
 */
import { Transform, type TransformCallback } from 'node:stream';
import { stringify } from '../runtime/json.js';
import type { Emitted } from '../pipeline/graph.js';
import { eventValues } from '../runtime/event.js';

export interface EncoderOptions {
  /** called with the JSON line of an event on a port other than `out` */
  onPort?: (port: string, line: string) => void;
  highWaterMark?: number;
}

export class JsonLinesEncoder extends Transform {
  private readonly onPort: (port: string, line: string) => void;

  constructor(opts: EncoderOptions = {}) {
    super({ writableObjectMode: true, writableHighWaterMark: opts.highWaterMark ?? 16 });
    this.onPort = opts.onPort ?? (() => {});
  }

  override _transform(batch: Emitted[], _enc: BufferEncoding, cb: TransformCallback): void {
    let out = '';
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i];
      const e = r.event;
      if (!e.batch) {
        if (r.port === 'out') out += stringify(e.data) + '\n';
        else this.onPort(r.port, stringify(e.data));
        continue;
      }
      for (const v of eventValues(e)) {
        if (r.port === 'out') out += stringify(v) + '\n';
        else this.onPort(r.port, stringify(v));
      }
    }
    if (out) this.push(out);
    cb();
  }
}
