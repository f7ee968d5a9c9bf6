#!/usr/bin/env node
// `npm run profile [-- flame|doctor|bubbleprof] [--lines N]`: runs the filter + project query
// workload under clinic and writes the HTML report to perf/profiles/ (ignored by git).
// clinic needs NO_INSIGHT=1 off a terminal (else it silently does nothing) and --open=false.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { logsFile, root } from './lib/measure.mjs';
import { QUERY } from './benches/query-filter-project.mjs';

const argv = process.argv.slice(2);
const tool = argv.find((a) => ['flame', 'doctor', 'bubbleprof', 'heapprofiler'].includes(a)) ?? 'flame';
const li = argv.indexOf('--lines');
const { file } = logsFile(li >= 0 ? Number(argv[li + 1]) : 100_000);
const dest = path.join(root, 'perf/profiles');
fs.mkdirSync(dest, { recursive: true });
const clinic = path.join(root, 'node_modules/.bin/clinic');
const r = spawnSync(clinic, [tool, '--open=false', `--dest=${dest}`, '--', process.execPath, path.join(root, 'bin/tremor-stream.js'), 'query', QUERY, '--in', file, '--out', '/dev/null'], {
  stdio: 'inherit',
  env: { ...process.env, NO_INSIGHT: '1' },
});
const reports = fs.readdirSync(dest).filter((f) => f.endsWith('.html')).map((f) => path.join(dest, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
if (reports[0]) console.log(`clinic ${tool} report: ${path.relative(root, reports[0])}`);
process.exit(r.status ?? 1);
