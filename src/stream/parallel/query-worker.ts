/**
 * The entry of a worker thread of a parallel query (pool.ts): compiles the query it is given
 * (src/stream/parallel/job.ts), says it is ready, then runs each batch of lines it receives
 * and sends the result back with the batch's number.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileJob, jobSource, renderError, routedPlan, type QueryJob } from './job.js';
import { LineBatches } from './batch.js';
import { messageOf } from '../../base/message-of.js';

/** what the main thread sends: a batch of whole lines, its bytes handed over (transferred) */
export interface BatchMessage {
  seq: number;
  bytes: Uint8Array;
  first: boolean;
}

const port = parentPort;
if (port) {
  const job = workerData as QueryJob;
  try {
    const src = jobSource(job);
    const batches = new LineBatches(routedPlan(compileJob(job, src)), { exactNumbers: job.exactNumbers }, (e) => renderError(e, src));
    port.on('message', (m: BatchMessage) => {
      const r = batches.run(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength), m.first);
      port.postMessage({ kind: 'done', seq: m.seq, result: r });
    });
    port.postMessage({ kind: 'ready' });
  } catch (e) {
    port.postMessage({ kind: 'failed', message: messageOf(e) });
  }
}
