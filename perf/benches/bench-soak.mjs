// Soak test of Tremor's benches (issue #15): one or more benches of ../shared/bench run for a
// long stretch (default 60 s after a 1 s warmup) while the process's resident memory is
// sampled every 500 ms from /proc. Memory must stay flat — the highest sample of the last
// third of the run at most 1.25 × the highest of the first third (after the warmup) — and
// nothing may be printed on stderr. Throws when either fails.
//
//   npm run bench -- soak [--rounds SECONDS]   (rounds: how long, default 60)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { root, shared } from '../lib/measure.mjs';

const BENCHES = ['passthrough-json', 'throughput-logging-tcp-json'];

function prepare(secs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-soak-'));
  fs.cpSync(path.join(shared, 'bench/tests'), dir, { recursive: true });
  const lib = path.join(dir, 'tremor-cli/tests/lib/bench.tremor');
  fs.writeFileSync(lib, fs.readFileSync(lib, 'utf8').replace(/"warmup_secs":\s*\d+/, '"warmup_secs": 1').replace(/"stop_after_secs":\s*\d+/, `"stop_after_secs": ${secs}`));
  return dir;
}

function rss(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

async function soak(dir, bench, secs) {
  const cwd = path.join(dir, 'tremor-cli/tests/bench', bench);
  const troys = fs.readdirSync(cwd).filter((f) => f.endsWith('.troy')).sort();
  for (const f of troys) fs.writeFileSync(path.join(cwd, f), fs.readFileSync(path.join(cwd, f), 'utf8').replaceAll('"0.0.0.0:', '"127.0.0.1:'));
  const child = spawn(process.execPath, [path.join(root, 'bin/tremor-stream.js'), 'run', ...troys, '--path', path.join(dir, 'tremor-cli/tests/lib')], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const t0 = performance.now();
  const samples = [];
  const timer = setInterval(() => {
    const mb = rss(child.pid);
    if (mb !== null) samples.push({ t: (performance.now() - t0) / 1000, mb });
  }, 500);
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(timer);
  const after = samples.filter((s) => s.t >= 2);
  const third = (from, to) => Math.max(...after.filter((s) => s.t >= from && s.t < to).map((s) => s.mb));
  const first = third(2, 2 + secs / 3);
  const last = third(1 + (2 * secs) / 3, secs + 5);
  const throughput = /Throughput \(events\): (.*)/.exec(stdout)?.[1] ?? '?';
  return { bench, code, secs, throughput, firstThirdMaxMb: Math.round(first), lastThirdMaxMb: Math.round(last), peakMb: Math.round(Math.max(...samples.map((s) => s.mb))), stderr };
}

export async function run({ rounds } = {}) {
  const secs = rounds ?? 60;
  const dir = prepare(secs);
  const results = [];
  try {
    for (const b of BENCHES) results.push(await soak(dir, b, secs));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.table(results.map(({ stderr, ...r }) => ({ ...r, 'stderr bytes': stderr.length })));
  for (const r of results) {
    if (r.code !== 0) throw new Error(`${r.bench} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    if (r.stderr !== '') throw new Error(`${r.bench} printed on stderr: ${r.stderr.slice(0, 500)}`);
    if (r.lastThirdMaxMb > 1.25 * r.firstThirdMaxMb) throw new Error(`${r.bench}: memory grew from ${r.firstThirdMaxMb} MB to ${r.lastThirdMaxMb} MB`);
  }
  return { results: results.map(({ stderr, ...r }) => r) };
}
