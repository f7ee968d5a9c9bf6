// The filter + project baseline (filter-project.mjs) on worker threads: what a careful Node
// developer would write to use every core. The main thread cuts stdin into batches of whole
// lines and hands them to the workers (W, default 2), which parse, filter, project and
// stringify; results are written in input order. The ceiling a parallel query can approach
// on this machine (perf/README.md).
import { Worker, isMainThread, parentPort } from 'node:worker_threads';

if (isMainThread) {
  const n = Number(process.env.W ?? 2);
  const workers = [];
  const pending = new Map();
  let next = 0;
  let sent = 0;
  let done = 0;
  let inflight = 0;
  let ended = false;
  let carry = null;
  const flush = () => {
    while (pending.has(done)) {
      const out = pending.get(done);
      pending.delete(done);
      done++;
      if (out.length) process.stdout.write(out);
    }
    if (ended && done === sent) for (const w of workers) w.terminate();
  };
  for (let i = 0; i < n; i++) {
    const w = new Worker(new URL(import.meta.url));
    w.on('message', ({ seq, out }) => {
      pending.set(seq, out);
      inflight--;
      flush();
      if (inflight < n * 4) process.stdin.resume();
    });
    workers.push(w);
  }
  const send = (b) => {
    workers[next++ % n].postMessage({ seq: sent++, b }, [b.buffer]);
    inflight++;
  };
  process.stdin.on('data', (chunk) => {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    const nl = buf.lastIndexOf(10);
    if (nl < 0) {
      carry = buf;
      return;
    }
    carry = nl + 1 < buf.length ? Buffer.from(buf.subarray(nl + 1)) : null;
    send(new Uint8Array(buf.subarray(0, nl + 1)));
    if (inflight >= n * 4) process.stdin.pause();
  });
  process.stdin.on('end', () => {
    if (carry) send(new Uint8Array(carry));
    ended = true;
    flush();
  });
} else {
  const td = new TextDecoder();
  parentPort.on('message', ({ seq, b }) => {
    let out = '';
    for (const line of td.decode(b).split('\n')) {
      if (!line) continue;
      const e = JSON.parse(line);
      if (e.short_message === 'ERROR' || e.aint > 35) out += JSON.stringify({ app: e.application, host: e.syslog_hostname, n: e.aint + 1 }) + '\n';
    }
    parentPort.postMessage({ seq, out });
  });
}
