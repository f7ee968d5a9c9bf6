/**
 * A stateless query on several threads: bytes of JSON lines in, bytes of JSON lines out, in
 * the input's order (issue #14: use every core for stateless work).
 *
 * The input is cut into batches of whole lines (about BATCH_BYTES each). Batches go to worker
 * threads (query-worker.ts), each with its own copy of the compiled query, and the main
 * thread runs batches too whenever no worker is free: it is one of the `threads`, and a short
 * input is done before any worker starts. Workers are started only once the input holds more
 * than one batch. Results are put back in the order of their batches; the notes of a batch
 * (bad lines, runtime errors, other ports) are reported then, with their line numbers made
 * absolute.
 *
 * Only for a pipeline without state (src/pipeline/stateless.ts): its output for a line depends
 * on that line alone, so the result equals that of one thread.
 *
 * Backpressure: at most IN_FLIGHT batches per thread are taken from the input and not yet
 * handed on, and none while the readable side is full.
 */
import { Transform, type TransformCallback } from 'node:stream';
import type { DecodeError } from '../line-decoder.js';
import type { BatchResult, LineBatches } from './batch.js';
import type { QueryJob } from './job.js';
import { startThreads, type QueryThread, type ThreadListener, type WorkerReply } from './query-thread.js';

const BATCH_BYTES = 128 * 1024;
/** an input smaller than this is one batch: the main thread alone runs it */
export const SMALL_INPUT = 2 * BATCH_BYTES;
const IN_FLIGHT = 16;
/**
 * batches a worker holds at once: the next is there when it finishes one, even while the main
 * thread, busy with a batch of its own, cannot yet read its reply
 */
const PER_WORKER = 3;

export interface ParallelOptions {
  job: QueryJob;
  /** the main thread's own runner of batches */
  local: LineBatches;
  /** threads in all, the main thread included (at least 2) */
  threads: number;
  onBadLine: (e: DecodeError) => void;
  /** a rendered runtime error */
  onError: (text: string) => void;
  onPort: (port: string, line: string) => void;
  onEncodeError: (port: string, message: string) => void;
  /** an incomplete last line left unprocessed after `cut()` */
  onCut: (line: number, bytes: number) => void;
  /** the size a batch is cut at (default BATCH_BYTES; the tests make it small) */
  batchBytes?: number;
  /** threads started already (startThreads), else they start when the input needs them */
  workers?: QueryThread[];
}

interface Pending {
  seq: number;
  /** the batch's lines, in the buffer they were read into (never reused by the readers) */
  bytes: Buffer;
  first: boolean;
}

export class ParallelQuery extends Transform implements ThreadListener {
  private carry: Buffer | null = null;
  private wasCut = false;
  private readonly queue: Pending[] = [];
  /**
   * buffers the workers gave back: a batch is copied into one to be handed over (fresh memory
   * for each batch would cost a page fault per 4 KiB)
   */
  private readonly spare: ArrayBuffer[] = [];
  private readonly done = new Map<number, BatchResult>();
  private readonly workers: QueryThread[] = [];
  /** a worker once per batch it can take now (PER_WORKER each: one runs, one waits) */
  private readonly idle: QueryThread[] = [];
  private nextSeq = 0;
  private nextOut = 0;
  private lineBase = 0;
  private localScheduled = false;
  private held: TransformCallback | null = null;
  private flushed: TransformCallback | null = null;

  constructor(private readonly opts: ParallelOptions) {
    super({ writableHighWaterMark: 1 << 20, readableHighWaterMark: 1 << 20 });
    if (opts.workers) this.adopt(opts.workers);
  }

  /** the input was stopped before its end: an incomplete last line is not processed */
  cut(): void {
    this.wasCut = true;
  }

  /** lines handed on so far */
  get lines(): number {
    return this.lineBase;
  }

  /** worker threads started so far */
  get workerCount(): number {
    return this.workers.length;
  }

  override _transform(chunk: Buffer | string, _enc: BufferEncoding, cb: TransformCallback): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    const end = buf.lastIndexOf(10) + 1;
    if (end === 0) {
      this.carry = this.carry ? Buffer.concat([this.carry, buf]) : buf;
      cb();
      return;
    }
    const size = this.opts.batchBytes ?? BATCH_BYTES;
    let start = 0;
    while (start < end) {
      let stop = end;
      if (end - start > size) stop = buf.indexOf(10, start + size - 1) + 1;
      this.enqueue(this.carry, buf.subarray(start, stop));
      this.carry = null;
      start = stop;
    }
    if (end < buf.length) this.carry = buf.subarray(end);
    this.pump();
    this.hold(cb);
  }

  override _read(size: number): void {
    super._read(size);
    this.release();
  }

  override _flush(cb: TransformCallback): void {
    const carry = this.carry;
    this.carry = null;
    if (carry && !this.wasCut) this.enqueue(null, carry);
    this.flushed = () => {
      if (carry && this.wasCut) this.opts.onCut(this.lineBase + 1, carry.length);
      this.stopWorkers();
      cb();
    };
    this.pump();
    this.finishIfDone();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.stopWorkers();
    cb(err);
  }

  /** a batch: the carried start of its first line, if any, then `bytes` */
  private enqueue(carry: Buffer | null, bytes: Buffer): void {
    this.queue.push({ seq: this.nextSeq, bytes: carry ? Buffer.concat([carry, bytes]) : bytes, first: this.nextSeq === 0 });
    this.nextSeq++;
    if (this.nextSeq === 2) this.startWorkers();
  }

  private startWorkers(): void {
    if (this.workers.length === 0) this.adopt(startThreads(this.opts.job, this.opts.threads - 1));
  }

  private adopt(ts: QueryThread[]): void {
    for (const t of ts) {
      this.workers.push(t);
      t.listen(this);
    }
  }

  failed(_t: QueryThread, e: Error): void {
    if (!this.destroyed) this.destroy(e);
  }

  private stopWorkers(): void {
    const ws = this.workers.splice(0);
    this.idle.length = 0;
    for (const w of ws) w.stop();
  }

  reply(w: QueryThread, m: WorkerReply): void {
    if (this.destroyed) return;
    if (m.kind === 'failed') {
      this.destroy(new Error(`a worker thread could not compile the query: ${m.message}`));
      return;
    }
    if (m.kind === 'done') {
      this.spare.push(m.bytes);
      this.complete(m.seq, m.result);
    } else for (let i = 1; i < PER_WORKER; i++) this.idle.push(w);
    this.idle.push(w);
    this.pump();
  }

  /** hands queued batches to free workers; the main thread takes one when none is free */
  private pump(): void {
    while (this.queue.length && this.idle.length) {
      const b = this.queue.shift() as Pending;
      (this.idle.pop() as QueryThread).post(b.seq, this.handOver(b.bytes), b.bytes.length, b.first);
    }
    if (this.queue.length && !this.localScheduled) {
      this.localScheduled = true;
      // between two batches of its own, the main thread reads worker replies and input
      setImmediate(() => this.runLocal());
    }
  }

  private runLocal(): void {
    this.localScheduled = false;
    if (this.destroyed) return;
    const b = this.queue.shift();
    if (!b) return;
    this.complete(b.seq, this.opts.local.run(b.bytes, b.first));
    this.pump();
  }

  /** a copy of a batch's bytes in a buffer that can be transferred to a worker */
  private handOver(bytes: Buffer): ArrayBuffer {
    let ab = this.spare.pop();
    if (!ab || ab.byteLength < bytes.length) ab = new ArrayBuffer(Math.max(bytes.length, 2 * BATCH_BYTES));
    bytes.copy(new Uint8Array(ab), 0);
    return ab;
  }

  /** a batch's result: it and any that waited for it are handed on, in order */
  private complete(seq: number, result: BatchResult): void {
    this.done.set(seq, result);
    let r = this.done.get(this.nextOut);
    while (r !== undefined) {
      this.done.delete(this.nextOut);
      this.deliver(r);
      this.nextOut++;
      r = this.done.get(this.nextOut);
    }
    this.release();
    this.finishIfDone();
  }

  private deliver(r: BatchResult): void {
    const o = this.opts;
    for (const n of r.notes) {
      if (n.kind === 'bad') o.onBadLine({ line: this.lineBase + n.line, text: n.text, message: n.message });
      else if (n.kind === 'error') o.onError(n.text);
      else if (n.kind === 'port') o.onPort(n.port, n.line);
      else o.onEncodeError(n.port, n.message);
    }
    if (r.out) this.push(r.out);
    this.lineBase += r.lines;
  }

  private hold(cb: TransformCallback): void {
    this.held = cb;
    this.release();
  }

  /** takes more input when few batches are in flight and the output is not full */
  private release(): void {
    const cb = this.held;
    if (!cb || this.nextSeq - this.nextOut >= IN_FLIGHT * this.opts.threads || this.readableLength >= this.readableHighWaterMark) return;
    this.held = null;
    cb();
  }

  private finishIfDone(): void {
    const cb = this.flushed;
    if (!cb || this.nextOut < this.nextSeq) return;
    this.flushed = null;
    cb();
  }
}
