// Shared benchmark helpers: timing child processes, medians, and the workload data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const shared = process.env.TREMOR_SHARED ?? path.resolve(root, '../shared');
export const resultsDir = path.join(root, 'perf/results');

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** the 100 log events of ../shared/data/tremor-logs.json repeated to at least `min` lines */
export function logsFile(min = 100_000) {
  const src = path.join(shared, 'data/tremor-logs.json');
  const lines = fs.readFileSync(src, 'utf8').split('\n').filter((l) => l.trim() !== '');
  const reps = Math.ceil(min / lines.length);
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `tremor-logs-x${reps}.jsonl`);
  if (!fs.existsSync(file)) {
    const block = lines.join('\n') + '\n';
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < reps; i++) fs.writeSync(fd, block);
    fs.closeSync(fd);
  }
  return { file, lines: reps * lines.length };
}

/** runs a command with stdin from `input` and stdout to `output` (default /dev/null); returns ms */
export function timeRun(cmd, args, input, output = os.devNull) {
  return new Promise((resolve, reject) => {
    const inFd = fs.openSync(input, 'r');
    const outFd = fs.openSync(output, 'w');
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: [inFd, outFd, 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      fs.closeSync(inFd);
      fs.closeSync(outFd);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(0, 500)}`));
      else resolve(ms);
    });
  });
}

export function hasCommand(cmd) {
  return (process.env.PATH ?? '').split(':').some((d) => d && fs.existsSync(path.join(d, cmd)));
}
