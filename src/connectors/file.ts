/**
 * file: reads a file as a stream of events, or writes events to a file.
 *
 * Config:
 *   path        required, the file (relative paths are relative to the working directory)
 *   mode        required: "read" (a source), or a sink that opens the file with
 *               "truncate" / "write" (create and truncate), "append" (create and append) or
 *               "overwrite" (create, write from offset 0 without truncating)
 *   chunk_size  bytes per read (default 8192)
 *
 * A codec is required. Reading, every event carries `$file = {"path": …}` and the origin
 * `tremor-file://<hostname>/<path>`; at the end of the file the decoder is flushed (a last line
 * without a separator still counts) and the source ends — the flow goes on. Writing, each
 * event is encoded (codec, then postprocessors) and written as it comes, without a separator
 * unless a `separate` postprocessor adds one; at the end the postprocessors are flushed and
 * the file is synced and closed.
 *
 * ```tremor
 * define connector reader from file
 * with
 *   codec = "json", preprocessors = ["separate"],
 *   config = {"path": "in.json", "mode": "read"}
 * end;
 * define connector writer from file
 * with
 *   codec = "json", postprocessors = ["separate"],
 *   config = {"path": "out.log", "mode": "truncate"}
 * end;
 * ```
 *
 * Backpressure: the source reads the next chunk only once everything decoded from the last
 * one has been pushed and the consumer still wants more (`push()` returned true, or `_read`
 * was called again); one chunk's events wait in a queue meanwhile, so memory stays bounded by
 * the stream's highWaterMark plus one chunk. The sink takes the events queued in its
 * Writable buffer in one `writev` and calls back only when they are written.
 */
import os from 'node:os';
import { constants, open, type FileHandle } from 'node:fs/promises';
import { messageOf } from '../base/message-of.js';
import { stringify } from '../runtime/json.js';
import { int, schema, str } from '../runtime/schema.js';
import type { ConnectorContext, ConnectorType, PortEvent } from './connector.js';
import { EventSink, type Outcome, type Settled } from './base/sink.js';
import { EventSource } from './base/source.js';
import { owner, path } from './config-fields.js';
import { EventDecoder, EventEncoder } from './framing.js';

export type FileMode = 'read' | 'write' | 'truncate' | 'append' | 'overwrite';

export interface FileConfig {
  path: string;
  mode: FileMode;
  chunkSize: number;
}

const MODES: readonly FileMode[] = ['read', 'write', 'truncate', 'append', 'overwrite'];

const CONFIG = schema({
  path: path({ required: true, doc: 'the file (relative to the working directory)' }),
  mode: str({ oneOf: MODES, required: true, doc: '"read" (a source), or how a sink opens the file: "truncate" / "write", "append", "overwrite"' }),
  chunk_size: int({ min: 1, max: 1 << 30, default: 8192, doc: 'bytes per read' }),
});

export class FileSource extends EventSource {
  private fh: FileHandle | null = null;
  private readonly decoder: EventDecoder;
  private inflight: Promise<void> | null = null;
  private stopping = false;
  /** bytes read so far: at a stop, a file read to its end is flushed as at EOF */
  private offset = 0;
  /** the file's size when opened (progress), and the events decoded so far */
  size = 0;
  events = 0;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: FileConfig,
  ) {
    super({ highWaterMark: ctx.highWaterMark });
    const path = config.path;
    this.decoder = new EventDecoder(ctx, {
      origin: { scheme: 'tremor-file', host: os.hostname(), port: null, path: [path] },
      meta: () => ({ file: { path } }),
    });
  }

  async open(): Promise<void> {
    try {
      this.fh = await open(this.config.path, 'r');
      this.size = (await this.fh.stat()).size;
    } catch (e) {
      throw new Error(`The file connector ${this.ctx.id} cannot open ${stringify(this.config.path)} for reading: ${messageOf(e)}`);
    }
    this.pump();
  }

  /**
   * Stops reading: the events already read are still pushed, then the stream ends. A partial
   * line read before the stop is dropped, not flushed: cut off mid-way, it is not a line —
   * unless everything up to the end of the file has been read, where Tremor's source has
   * reached EOF and flushes the last line even without a newline.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.inflight;
    if (!this.queueEnded) this.atEnd(await this.readToEnd());
    this.pump();
  }

  private async readToEnd(): Promise<boolean> {
    try {
      return this.fh !== null && (await this.fh.stat()).size <= this.offset;
    } catch {
      return false;
    }
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    const fh = this.fh;
    this.fh = null;
    if (fh)
      fh.close().then(
        () => cb(err),
        (e: Error) => cb(err ?? e),
      );
    else cb(err);
  }

  protected wantMore(): void {
    if (!this.inflight && !this.stopping && this.fh) this.readChunk();
  }

  /** how far it has read */
  progress(): { done: number; total: number; events: number } {
    return { done: this.offset, total: this.size, events: this.events };
  }

  protected override decoded(decoder: EventDecoder, chunk: Uint8Array): void {
    const events = decoder.decode(chunk);
    this.events += events.length;
    this.enqueue(events);
  }

  private readChunk(): void {
    const fh = this.fh as FileHandle;
    // a fresh buffer per read: decoded values and buffered line fragments refer to it
    const buf = Buffer.allocUnsafe(this.config.chunkSize);
    this.inflight = fh.read(buf, 0, buf.length, null).then(
      ({ bytesRead }) => {
        this.inflight = null;
        if (this.destroyed) return;
        this.offset += bytesRead;
        if (bytesRead === 0) this.atEnd(true);
        else this.decoded(this.decoder, buf.subarray(0, bytesRead));
        if (!this.stopping) this.pump();
      },
      (e: unknown) => {
        this.inflight = null;
        this.destroy(new Error(`The file connector ${this.ctx.id} cannot read ${stringify(this.config.path)}: ${messageOf(e)}`));
      },
    );
  }

  private atEnd(flush: boolean): void {
    this.endQueue();
    if (flush) this.flushed(this.decoder);
    const fh = this.fh;
    this.fh = null;
    fh?.close().catch((e: unknown) => this.destroy(e as Error));
  }
}

/** open(2) flags per write mode */
function writeFlags(mode: FileMode): string | number {
  switch (mode) {
    case 'append':
      return 'a';
    case 'overwrite':
      return constants.O_WRONLY | constants.O_CREAT;
    default:
      return 'w';
  }
}

export class FileSink extends EventSink {
  private fh: FileHandle | null = null;
  private readonly encoder: EventEncoder;
  private started = false;
  /** writes that arrive before `open` has finished wait for it */
  private readonly opened: Promise<FileHandle>;
  private settleOpen!: (fh: FileHandle | Error) => void;

  constructor(
    ctx: ConnectorContext,
    private readonly config: FileConfig,
  ) {
    super(ctx);
    this.encoder = new EventEncoder(ctx);
    this.opened = new Promise((resolve, reject) => (this.settleOpen = (r) => (r instanceof Error ? reject(r) : resolve(r))));
    // the failure is reported by `open`; waiting writes see it through their own `await`
    this.opened.catch(() => {});
  }

  async open(): Promise<void> {
    this.started = true;
    try {
      this.fh = await open(this.config.path, writeFlags(this.config.mode), 0o666);
    } catch (e) {
      const err = new Error(`The file connector ${this.ctx.id} cannot open ${stringify(this.config.path)} for writing: ${messageOf(e)}`);
      this.settleOpen(err);
      throw err;
    }
    this.settleOpen(this.fh);
  }

  protected deliver({ event }: PortEvent): Outcome {
    return this.writeOut(this.encode(this.encoder, event));
  }

  /**
   * A batch is written with one writev: the events that encode share its outcome; one that
   * does not is reported and skipped (the writes to a file must not overlap, so the batch is
   * not split into one write per event).
   */
  protected override deliverAll(events: PortEvent[]): Settled[] {
    const bufs: Uint8Array[] = [];
    const outcomes = events.map(({ event }) => this.attempt(() => void bufs.push(...this.encode(this.encoder, event))));
    outcomes.push(this.writeOut(bufs).then(() => true));
    return outcomes;
  }

  protected override async flush(): Promise<void> {
    // never started: nothing was written, there is nothing to close
    if (!this.started) return;
    try {
      await this.writeOut(this.encoder.finish());
      const fh = this.fh ?? (await this.opened);
      this.fh = null;
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw this.failure('close', e);
    }
  }

  protected override release(): Promise<void> | void {
    const fh = this.fh;
    this.fh = null;
    return fh?.close();
  }

  private async writeOut(bufs: Uint8Array[]): Promise<void> {
    if (bufs.length === 0) return;
    const fh = this.fh ?? (await this.opened);
    try {
      const total = bufs.reduce((n, b) => n + b.length, 0);
      let { bytesWritten } = await fh.writev(bufs);
      // libuv writes everything for regular files; a short write (a full disk?) is retried
      if (bytesWritten < total) {
        const rest = Buffer.concat(bufs).subarray(bytesWritten);
        for (let off = 0; off < rest.length; off += bytesWritten) {
          ({ bytesWritten } = await fh.write(rest, off));
          if (bytesWritten === 0) throw new Error('no progress writing');
        }
      }
    } catch (e) {
      throw this.failure('write', e);
    }
  }

  private failure(what: string, e: unknown): Error {
    return new Error(`The file connector ${this.ctx.id} cannot ${what} ${stringify(this.config.path)}: ${messageOf(e)}`);
  }
}

export const file: ConnectorType<FileConfig> = {
  name: 'file',
  summary: 'reads events from a file (mode "read") or writes them to one',
  codec: 'required',
  outputs: (c) => (c.mode === 'read' ? ['out', 'err'] : []),
  inputs: (c) => (c.mode === 'read' ? [] : ['in']),
  config: CONFIG,
  validate(config) {
    const c = CONFIG.read(owner('file'), config);
    return { path: c.path, mode: c.mode as FileMode, chunkSize: c.chunk_size };
  },
  create(ctx, config) {
    if (config.mode === 'read') {
      const source = new FileSource(ctx, config);
      return { source, start: () => source.open(), stop: () => source.stop(), progress: () => source.progress() };
    }
    const sink = new FileSink(ctx, config);
    return { sink, start: () => sink.open() };
  },
};
