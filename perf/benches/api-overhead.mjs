// Benchmark (issue #17): what the control API's live counts cost. `tremor-stream run` of the
// flow-file-to-file deployment (100,000 log events, file → pipeline → file) with and without
// `--api 127.0.0.1:0` (every event is then counted out of and into each node, and its
// latency recorded at the sink), rounds alternating; the ratio is with ÷ without (time).
// Without the flag nothing is counted: the API module is not even loaded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logsFile, median, resultsDir, root, timeRun } from '../lib/measure.mjs';
import { TROY } from './flow-file-to-file.mjs';

export async function run({ rounds = 7, lines = 100_000 } = {}) {
  const { file } = logsFile(lines);
  const out = path.join(resultsDir, 'api-overhead.out');
  const troy = path.join(resultsDir, 'api-overhead.troy');
  fs.writeFileSync(troy, TROY(file, out));
  const cli = path.join(root, 'bin/tremor-stream.js');
  const contenders = { 'without --api': [cli, 'run', troy], 'with --api': [cli, 'run', troy, '--api', '127.0.0.1:0'] };
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const [name, args] of Object.entries(contenders)) times[name].push(await timeRun(process.execPath, args, os.devNull));
  const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  console.log(`run, file -> pipeline -> file, ${lines.toLocaleString('en')} events, ${rounds} alternating rounds`);
  console.table(Object.entries(med).map(([k, ms]) => ({ contender: k, 'median ms': ms.toFixed(0) })));
  const ratio = med['with --api'] / med['without --api'];
  console.log(`cost of the API's counts: ${((ratio - 1) * 100).toFixed(1)} % (with / without = ${ratio.toFixed(3)})`);
  return { medians: med, ratio };
}
