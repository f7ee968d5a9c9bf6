// Benchmark: `tremor-stream run` of a file → pipeline → file deployment (issue #14), end to
// end, against a hand-written Node stream pipeline doing the same work
// (baselines/file-to-file.mjs). The pipeline keeps the log events whose short_message is
// "ERROR" or whose aint is above 35, unchanged — a typical routing flow: it reads two fields
// of each event and writes the kept ones as they were. Runs alternate; the outputs are
// compared first (as sets of lines: both keep the input order, so as sequences too).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { logsFile, median, resultsDir, root, timeRun } from '../lib/measure.mjs';

/** the deployment: `input` → the filter pipeline → `output` (also api-overhead.mjs's) */
export const TROY = (input, output) => `
define flow main
flow
  define connector src from file with codec = "json", preprocessors = ["separate"], config = {"path": ${JSON.stringify(input)}, "mode": "read"} end;
  define connector dst from file with codec = "json", postprocessors = ["separate"], config = {"path": ${JSON.stringify(output)}, "mode": "truncate"} end;
  define pipeline route
  pipeline
    select event from in where event.short_message == "ERROR" or event.aint > 35 into out;
  end;
  create connector src; create connector dst; create pipeline route;
  connect /connector/src to /pipeline/route;
  connect /pipeline/route to /connector/dst;
end;
deploy flow main;
`;

export async function run({ rounds = 5, lines = 100_000 } = {}) {
  const { file, lines: n } = logsFile(lines);
  const out = (name) => path.join(resultsDir, `file-to-file.${name}.out`);
  const troy = path.join(resultsDir, 'file-to-file.troy');
  fs.writeFileSync(troy, TROY(file, out('tremor-stream')));
  const contenders = {
    'tremor-stream run': [process.execPath, [path.join(root, 'bin/tremor-stream.js'), 'run', troy]],
    'node streams (hand-written)': [process.execPath, [path.join(root, 'perf/baselines/file-to-file.mjs'), file, out('node')]],
  };
  for (const [cmd, args] of Object.values(contenders)) await timeRun(cmd, args, os.devNull);
  if (fs.readFileSync(out('tremor-stream'), 'utf8') !== fs.readFileSync(out('node'), 'utf8')) throw new Error('tremor-stream and the hand-written pipeline wrote different files');
  const kept = fs.readFileSync(out('node'), 'utf8').split('\n').length - 1;

  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) for (const [name, [cmd, args]] of Object.entries(contenders)) times[name].push(await timeRun(cmd, args, os.devNull));
  const med = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
  console.log(`file -> pipeline -> file, ${n.toLocaleString('en')} events in, ${kept.toLocaleString('en')} out, ${rounds} alternating rounds, ${os.cpus().length} cpus`);
  console.table(Object.entries(med).map(([k, ms]) => ({ contender: k, 'median ms': ms.toFixed(0), 'events/s': Math.round(n / (ms / 1000)).toLocaleString('en') })));
  const ratio = med['node streams (hand-written)'] / med['tremor-stream run'];
  console.log(`throughput ratio tremor-stream / node: ${ratio.toFixed(2)}x`);
  return { events: n, kept, medians: med, ratios: { 'tremor-stream / node': ratio } };
}
