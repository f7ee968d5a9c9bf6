#!/usr/bin/env node
// Runs the benchmarks in perf/benches (all, or those named on the command line) and writes
// their results to perf/results/<name>.json. Options: --rounds N, --lines N.
import fs from 'node:fs';
import path from 'node:path';
import { resultsDir, root } from './lib/measure.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const names = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
const dir = path.join(root, 'perf/benches');
const benches = fs.readdirSync(dir).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)).filter((n) => names.length === 0 || names.some((x) => n.includes(x)));
fs.mkdirSync(resultsDir, { recursive: true });
for (const name of benches) {
  console.log(`\n== ${name}`);
  const mod = await import(path.join(dir, `${name}.mjs`));
  const result = await mod.run({ rounds: opt('rounds', undefined), lines: opt('lines', undefined) });
  fs.writeFileSync(path.join(resultsDir, `${name}.json`), JSON.stringify({ date: new Date().toISOString(), node: process.version, ...result }, null, 2));
}
