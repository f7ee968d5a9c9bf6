/**
 * A worker thread of a parallel query (query-worker.ts is the code it runs). What it says
 * before anyone listens (it may be started before the stream that uses it exists) is kept
 * until a listener is set.
 */
import { Worker } from 'node:worker_threads';
import type { BatchResult } from './batch.js';
import type { QueryJob } from './job.js';

export type WorkerReply = { kind: 'ready' } | { kind: 'failed'; message: string } | { kind: 'done'; seq: number; result: BatchResult; bytes: ArrayBuffer };

export interface ThreadListener {
  reply(t: QueryThread, m: WorkerReply): void;
  /** the thread failed or ended on its own */
  failed(t: QueryThread, e: Error): void;
}

export class QueryThread {
  private readonly worker: Worker;
  private listener: ThreadListener | null = null;
  private readonly early: (() => void)[] = [];
  private stopped = false;

  constructor(job: QueryJob) {
    this.worker = new Worker(workerModule(), { workerData: job });
    this.worker.on('message', (m: WorkerReply) => this.tell((l) => l.reply(this, m)));
    this.worker.on('error', (e) => this.tell((l) => l.failed(this, e)));
    this.worker.on('exit', (code) => {
      if (!this.stopped) this.tell((l) => l.failed(this, new Error(`a worker thread of the query ended (exit code ${code})`)));
    });
  }

  listen(l: ThreadListener): void {
    this.listener = l;
    for (const f of this.early.splice(0)) f();
  }

  /** a batch: its first `length` bytes of `bytes` (transferred, and given back with the result) */
  post(seq: number, bytes: ArrayBuffer, length: number, first: boolean): void {
    this.worker.postMessage({ seq, bytes, length, first }, [bytes]);
  }

  stop(): void {
    this.stopped = true;
    void this.worker.terminate();
  }

  private tell(f: (l: ThreadListener) => void): void {
    const l = this.listener;
    if (l) f(l);
    else this.early.push(() => f(this.listener as ThreadListener));
  }
}

/** starts `n` threads for a query (they compile it on their own cores meanwhile) */
export const startThreads = (job: QueryJob, n: number): QueryThread[] => Array.from({ length: n }, () => new QueryThread(job));

/** query-worker next to this module, built (.js) or bundled (.mjs) */
function workerModule(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.mjs') ? './query-worker.mjs' : './query-worker.js', here);
}
