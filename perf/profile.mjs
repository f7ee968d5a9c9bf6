#!/usr/bin/env node
// `npm run profile [-- flame|doctor|bubbleprof|cpu] [--lines N] [--bench NAME]`: runs the
// filter + project query workload (or, with --bench, one of Tremor's benches from
// ../shared/bench, 1 s warmup + 4 s) under clinic and writes the HTML report to
// perf/profiles/ (ignored by git). `cpu` takes a V8 CPU profile instead (node --cpu-prof) and
// prints the functions with the most self time: the figures perf/README.md quotes.
// clinic needs NO_INSIGHT=1 off a terminal (else it silently does nothing) and --open=false.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { logsFile, root, shared } from './lib/measure.mjs';
import { cpuTop } from './lib/cpu-top.mjs';
import { QUERY } from './benches/query-filter-project.mjs';

const argv = process.argv.slice(2);
const tool = argv.find((a) => ['flame', 'doctor', 'bubbleprof', 'heapprofiler', 'cpu'].includes(a)) ?? 'flame';
const li = argv.indexOf('--lines');
const bi = argv.indexOf('--bench');
const dest = path.join(root, 'perf/profiles');
fs.mkdirSync(dest, { recursive: true });
const cli = path.join(root, 'bin/tremor-stream.js');
let command;
let cwd = root;
if (bi >= 0) {
  // a copy of Tremor's bench suite with short durations; the bench runs in its own folder
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-profile-'));
  fs.cpSync(path.join(shared, 'bench/tests'), dir, { recursive: true });
  const lib = path.join(dir, 'tremor-cli/tests/lib');
  const bench = path.join(lib, 'bench.tremor');
  fs.writeFileSync(bench, fs.readFileSync(bench, 'utf8').replace(/"warmup_secs":\s*\d+/, '"warmup_secs": 1').replace(/"stop_after_secs":\s*\d+/, '"stop_after_secs": 4'));
  cwd = path.join(dir, 'tremor-cli/tests/bench', argv[bi + 1]);
  const troys = fs.readdirSync(cwd).filter((f) => f.endsWith('.troy')).sort();
  for (const f of troys) fs.writeFileSync(path.join(cwd, f), fs.readFileSync(path.join(cwd, f), 'utf8').replaceAll('"0.0.0.0:', '"127.0.0.1:'));
  command = [cli, 'run', ...troys, '--path', lib];
} else {
  const { file } = logsFile(li >= 0 ? Number(argv[li + 1]) : 100_000);
  command = [cli, 'query', QUERY, '--in', file, '--out', '/dev/null'];
}
if (tool === 'cpu') {
  const before = new Set(fs.readdirSync(dest));
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dest}`, ...command], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  const made = fs.readdirSync(dest).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
  if (r.status !== 0 || made.length === 0) process.exit(r.status || 1);
  const { totalMs, rows } = cpuTop(path.join(dest, made[0]));
  console.log(`CPU profile ${path.relative(root, path.join(dest, made[0]))}: ${Math.round(totalMs)} ms sampled`);
  console.table(rows);
  process.exit(0);
}
const clinic = path.join(root, 'node_modules/.bin/clinic');
const r = spawnSync(clinic, [tool, '--open=false', `--dest=${dest}`, '--', process.execPath, ...command], {
  cwd,
  stdio: 'inherit',
  env: { ...process.env, NO_INSIGHT: '1' },
});
const reports = fs.readdirSync(dest).filter((f) => f.endsWith('.html')).map((f) => path.join(dest, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
if (reports[0]) console.log(`clinic ${tool} report: ${path.relative(root, reports[0])}`);
process.exit(r.status ?? 1);
