/**
 * stdio: events from standard input (port `out`, decode errors on `err`) and to standard
 * output (input ports `in` and `stdout`) or standard error (input port `stderr`).
 *
 * Config: none (any key is an error). A codec is required; Tremor's `console` uses `string`
 * with `separate` both ways, its `stdio` `json`:
 *
 * ```tremor
 * define connector console from stdio
 * with
 *   codec = "string", preprocessors = ["separate"], postprocessors = ["separate"]
 * end;
 * ```
 *
 * Events from stdin carry no metadata; their origin is `tremor-stdin://<hostname>`. At the end
 * of stdin the decoder is flushed (a last line without `\n` still counts) and the source ends.
 * Stdin is only touched once the source has been started and is read from, so a stdio
 * connector used only as a sink leaves it alone as long as the runtime does not consume its
 * source. Every stdio source sees all of stdin (Tremor broadcasts it too); as they share one
 * stream, a full one pauses stdin for all of them.
 *
 * Backpressure: stdin is paused while the source's buffer is full (one read's worth of events
 * waits in a queue meanwhile) and resumed when the consumer reads again; the sink waits for
 * 'drain' whenever stdout or stderr's `write()` returns false.
 *
 * Stopping (a signal): a paused stdin keeps reading into its own buffer up to its
 * highWaterMark, and a file on stdin may have a read in flight. Those bytes have been read
 * from the input, so `stop` takes them too (waiting for the read in flight) before the source
 * ends, and reads nothing after them; only a partial last line is left out. A failed write names the connector and keeps
 * the stream's error as its `cause` (a closed pipe ends the process quietly, flow.ts).
 *
 * `stdioWith(streams)` builds the type over other streams, for tests and embedding.
 */
import { ReadStream } from 'node:fs';
import os from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { messageOf } from '../base/message-of.js';
import { schema } from '../runtime/schema.js';
import type { ConnectorContext, ConnectorType, PortEvent } from './connector.js';
import { EventSink, Undeliverable, type Outcome } from './base/sink.js';
import { EventSource } from './base/source.js';
import { owner } from './config-fields.js';
import { EventDecoder, EventEncoder } from './framing.js';
import { Drain } from './net/drained.js';

export interface StdioStreams {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
}

export type StdioConfig = Record<string, never>;

const CONFIG = schema({});

export class StdinSource extends EventSource {
  private readonly decoder: EventDecoder;
  private started = false;
  private readonly onData = (chunk: Buffer | string) => {
    this.decoded(this.decoder, typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
    this.pump();
  };
  /** after `stop`, the end of stdin is not its real end: a partial last line is dropped */
  private readonly onEnd = () => this.atEnd(!this.stopping);
  private stopping = false;
  private readonly onError = (e: Error) => this.destroy(new Error(`${this.ctx.id}: cannot read stdin: ${e.message}`));

  /** stdin, looked up only when first read (touching process.stdin opens it) */
  private input: Readable | null = null;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly streams: Pick<StdioStreams, 'stdin'>,
  ) {
    super({ highWaterMark: ctx.highWaterMark });
    this.decoder = new EventDecoder(ctx, { origin: { scheme: 'tremor-stdin', host: os.hostname(), port: null, path: [] } });
  }

  start(): void {
    this.started = true;
    this.pump();
  }

  /**
   * stops reading stdin: everything read so far — what stdin buffered meanwhile and a file
   * read in flight included — is still pushed (a partial line is dropped), then the stream ends
   */
  async stop(): Promise<void> {
    const input = this.input;
    if (input && !this.queueEnded) {
      this.stopping = true;
      if (input instanceof ReadStream) {
        // a file: no read after the one in flight; the stream ends once that one is pushed
        (input as unknown as { end: number }).end = input.bytesRead - 1;
        input.resume();
        await ended(input);
      } else {
        // a pipe, socket or terminal: take what it buffered (in paused mode each read() also
        // emits 'data', to every stdio source listening), then close it so nothing more is read
        input.pause();
        while (this.input && input.read() !== null);
        if (input === process.stdin) input.destroy();
      }
    }
    this.atEnd(false);
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.detach();
    cb(err);
  }

  /** full: stdin waits until the consumer reads again */
  protected override full(): void {
    this.input?.pause();
  }

  protected wantMore(): void {
    if (this.started) this.attach()?.resume();
  }

  /** starts listening to stdin (once); null when it had already ended */
  private attach(): Readable | null {
    if (this.input) return this.input;
    const input = this.streams.stdin;
    // stdin may have ended already (another stdio source read it to the end)
    if (input.readableEnded) {
      queueMicrotask(this.onEnd);
      return null;
    }
    this.input = input;
    input.on('data', this.onData);
    input.once('end', this.onEnd);
    input.on('error', this.onError);
    return input;
  }

  private detach(): void {
    const input = this.input;
    if (!input) return;
    this.input = null;
    input.off('data', this.onData);
    input.off('end', this.onEnd);
    input.off('error', this.onError);
    // a paused stdin no longer holds the event loop open
    if (input.listenerCount('data') === 0) input.pause();
  }

  private atEnd(flush: boolean): void {
    if (this.queueEnded) return;
    this.endQueue();
    this.detach();
    if (flush) this.flushed(this.decoder);
    this.pump();
  }
}

export class StdioSink extends EventSink {
  /** one encoder per output stream: streaming postprocessors keep per-stream state */
  private readonly encoders = new Map<Writable, EventEncoder>();
  /** one wait for 'drain' per output stream; it fails if the stream fails or closes first */
  private readonly drains = new Map<Writable, Drain>();
  /** the streams corked until the end of this turn of the event loop */
  private readonly corked = new Set<Writable>();
  private readonly onError = (e: Error) => this.destroy(new Error(`${this.ctx.id}: cannot write: ${e.message}`, { cause: e }));

  constructor(
    ctx: ConnectorContext,
    private readonly streams: StdioStreams,
  ) {
    super(ctx);
    // without a listener an EPIPE on stdout would crash the process instead of failing the sink
    streams.stdout.on('error', this.onError);
    streams.stderr.on('error', this.onError);
  }

  protected deliver({ port, event }: PortEvent): Outcome {
    const target = this.target(port);
    return this.put(target, this.encode(this.encoder(target), event), event.tx !== null);
  }

  private target(port: string): Writable {
    const target = port === 'stderr' ? this.streams.stderr : port === 'in' || port === 'stdout' ? this.streams.stdout : null;
    if (!target) throw new Undeliverable(`stdio has no input port \`${port}\`; expected in, stdout or stderr`);
    return target;
  }

  protected override async flush(): Promise<void> {
    for (const target of this.corked) this.uncorkOwn(target);
    const waits: Outcome[] = [];
    for (const [target, encoder] of this.encoders) {
      try {
        const tail = encoder.finish();
        if (tail.length) waits.push(this.put(target, tail, false));
      } catch (e) {
        this.ctx.report(`${this.ctx.id}: ${messageOf(e)}`);
      }
    }
    // stdout and stderr stay open: they belong to the process (or to whoever passed them)
    await Promise.all(waits);
  }

  protected override release(): void {
    for (const target of this.corked) this.uncorkOwn(target);
    this.streams.stdout.off('error', this.onError);
    this.streams.stderr.off('error', this.onError);
  }

  /**
   * writes the chunks; waits for 'drain' when the target asked to (`acked`: for the write
   * itself, see below). The writes of one turn of
   * the event loop go out together (corked until the turn's end: one writev), not one system
   * call each — a pipe or file on stdout is written synchronously
   */
  private put(target: Writable, chunks: Uint8Array[], acked: boolean): Outcome {
    if (!this.corked.has(target)) {
      this.corked.add(target);
      target.cork();
      setImmediate(() => this.uncorkOwn(target));
    }
    if (acked && chunks.length > 0) {
      // an event that is acked once written (a transactional source's) waits for its bytes to
      // reach the stream's target: acked earlier, a crash before the uncork would lose it
      const last = chunks.length - 1;
      for (let i = 0; i < last; i++) target.write(chunks[i]);
      return new Promise((resolve, reject) => target.write(chunks[last], (e) => (e ? reject(e) : resolve())));
    }
    let full = false;
    for (const c of chunks) full = !target.write(c) || full;
    if (!full) return;
    let d = this.drains.get(target);
    if (!d) this.drains.set(target, (d = new Drain(target, true)));
    return d.wait();
  }

  /** uncorks `target` when this sink corked it */
  private uncorkOwn(target: Writable): void {
    if (this.corked.delete(target)) target.uncork();
  }

  private encoder(target: Writable): EventEncoder {
    let e = this.encoders.get(target);
    if (!e) this.encoders.set(target, (e = new EventEncoder(this.ctx)));
    return e;
  }
}

/** resolves when a stream has ended, closed or failed */
function ended(r: Readable): Promise<void> {
  if (r.readableEnded || r.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      r.off('end', done).off('error', done).off('close', done);
      resolve();
    };
    r.on('end', done).on('error', done).on('close', done);
  });
}

export function stdioWith(streams: StdioStreams): ConnectorType<StdioConfig> {
  return {
    name: 'stdio',
    summary: 'events from stdin, and to stdout (ports in, stdout) or stderr (port stderr)',
    codec: 'required',
    outputs: () => ['out', 'err'],
    inputs: () => ['in', 'stdout', 'stderr'],
    config: CONFIG,
    validate(config) {
      CONFIG.read(owner('stdio'), config);
      return {};
    },
    create(ctx) {
      const source = new StdinSource(ctx, streams);
      const sink = new StdioSink(ctx, streams);
      return {
        source,
        sink,
        start: async () => source.start(),
        stop: async () => source.stop(),
      };
    },
  };
}

/** the process's own streams, looked up when used: touching process.stdin opens it */
export const stdio: ConnectorType<StdioConfig> = stdioWith({
  get stdin() {
    return process.stdin;
  },
  get stdout() {
    return process.stdout;
  },
  get stderr() {
    return process.stderr;
  },
});
