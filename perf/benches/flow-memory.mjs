// Benchmark: peak memory of a deployment where a fast file source (1,000,000 events) feeds a
// deliberately slow sink through a pipeline. Backpressure must hold the source back, so the
// peak RSS stays bounded (target: under 200 MB) instead of growing with the file.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { resultsDir, root } from '../lib/measure.mjs';

export async function run({ lines = 1_000_000 } = {}) {
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `events-${lines}.jsonl`);
  if (!fs.existsSync(file)) {
    const fd = fs.openSync(file, 'w');
    let chunk = '';
    for (let i = 0; i < lines; i++) {
      chunk += `{"n":${i},"tag":"t${i % 7}","payload":"${'x'.repeat(64)}"}\n`;
      if (chunk.length > 1 << 20) {
        fs.writeSync(fd, chunk);
        chunk = '';
      }
    }
    fs.writeSync(fd, chunk);
    fs.closeSync(fd);
  }
  const size = Math.round(fs.statSync(file).size / 1048576);
  const r = spawnSync(process.execPath, [path.join(root, 'perf/lib/flow-memory-child.mjs'), root, file, String(lines)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const res = JSON.parse(r.stdout.trim().split('\n').pop());
  console.log(`file source (${lines.toLocaleString('en')} events, ${size} MB) -> pipeline -> slow sink`);
  console.table({ result: { events: res.events, 'seconds': (res.ms / 1000).toFixed(1), 'peak RSS MB': res.peakRssMb, 'exit': res.code } });
  if (res.events !== lines) throw new Error(`the sink received ${res.events} of ${lines} events`);
  return { ...res, fileMb: size };
}
