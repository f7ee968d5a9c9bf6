/**
 * The entry of a worker thread of a parallel query (pool.ts): compiles the query it is given
 * (src/stream/parallel/job.ts), says it is ready, then runs each batch of lines it receives
 * and sends the result back with the batch's number.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileJob, jobSource, renderError, type QueryJob } from './job.js';
import { routeUndelivered } from '../../flow/undelivered.js';
import { LineBatches } from './batch.js';
import { messageOf } from '../../base/message-of.js';

/**
 * what the main thread sends: a batch of whole lines, the first `length` bytes of `bytes`,
 * handed over (transferred); they are handed back with the result, for the next batch
 */
export interface BatchMessage {
  seq: number;
  bytes: ArrayBuffer;
  length: number;
  first: boolean;
}

const port = parentPort;
if (port) {
  const job = workerData as QueryJob;
  try {
    const src = jobSource(job);
    const batches = new LineBatches(routeUndelivered(compileJob(job, src)), { exactNumbers: job.exactNumbers }, (e) => renderError(e, src));
    port.on('message', (m: BatchMessage) => {
      const r = batches.run(Buffer.from(m.bytes, 0, m.length), m.first);
      port.postMessage({ kind: 'done', seq: m.seq, result: r, bytes: m.bytes }, [m.bytes]);
    });
    port.postMessage({ kind: 'ready' });
  } catch (e) {
    port.postMessage({ kind: 'failed', message: messageOf(e) });
  }
}
