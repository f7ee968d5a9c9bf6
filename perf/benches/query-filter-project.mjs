// Benchmark: filter + project over the Tremor log events, end to end through
// `tremor-stream query` on stdin/stdout, against a hand-written Node script doing the same
// work and against jq when it is installed. Runs alternate; medians and ratios are printed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hasCommand, logsFile, median, resultsDir, root, timeRun } from '../lib/measure.mjs';

export const QUERY = 'select {"app": event.application, "host": event.syslog_hostname, "n": event.aint + 1} from in where event.short_message == "ERROR" or event.aint > 35 into out';
const JQ = 'select(.short_message == "ERROR" or .aint > 35) | {app: .application, host: .syslog_hostname, n: (.aint + 1)}';

export async function run({ rounds = 5, lines = 100_000 } = {}) {
  const { file, lines: n } = logsFile(lines);
  const cli = path.join(root, 'bin/tremor-stream.js');
  const contenders = {
    'tremor-stream': [process.execPath, [cli, 'query', QUERY]],
    'node (hand-written)': [process.execPath, [path.join(root, 'perf/baselines/filter-project.mjs')]],
    // the same script on two worker threads: the ceiling of a parallel query here
    'node (hand-written, 2 threads)': [process.execPath, [path.join(root, 'perf/baselines/filter-project-threads.mjs')]],
  };
  if (hasCommand('jq')) contenders['jq'] = ['jq', ['-c', JQ]];

  // same output first: the comparison is only meaningful if the work is the same
  const outs = {};
  for (const [name, [cmd, args]] of Object.entries(contenders)) {
    const out = path.join(resultsDir, `filter-project.${name.split(' ')[0]}.out`);
    await timeRun(cmd, args, file, out);
    outs[name] = fs.readFileSync(out, 'utf8').replace(/\s+/g, '');
  }
  const ref = outs['node (hand-written)'];
  for (const [name, o] of Object.entries(outs)) if (o !== ref) throw new Error(`${name} produced different output`);

  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, [cmd, args]] of Object.entries(contenders)) times[name].push(await timeRun(cmd, args, file));
  }
  const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  const rows = Object.entries(med).map(([k, ms]) => ({ contender: k, 'median ms': ms.toFixed(0), 'events/s': Math.round(n / (ms / 1000)).toLocaleString('en') }));
  console.log(`filter + project, ${n.toLocaleString('en')} events, ${rounds} alternating rounds, ${os.cpus().length} cpus`);
  console.table(rows);
  const ratios = {
    'tremor-stream / node': med['node (hand-written)'] / med['tremor-stream'],
    'node 2 threads / node': med['node (hand-written)'] / med['node (hand-written, 2 threads)'],
  };
  if (med.jq) ratios['tremor-stream / jq'] = med.jq / med['tremor-stream'];
  for (const [k, v] of Object.entries(ratios)) console.log(`throughput ratio ${k}: ${v.toFixed(2)}x`);
  return { events: n, medians: med, ratios };
}
