#!/usr/bin/env node
// A/B of two builds on the filter + project workload: `node perf/ab.mjs DIR_A DIR_B [--rounds N]
// [--lines N]`, each DIR a built checkout (e.g. `git worktree add /tmp/a <rev>`, then
// `npm run build` there). Runs `tremor-stream query` of both over the same input, alternating,
// and prints the medians and B / A. How a change of the runtime (the contraflow, say) is shown
// to cost nothing when it is not used.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { logsFile, median } from './lib/measure.mjs';
import { QUERY } from './benches/query-filter-project.mjs';

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const dirs = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && argv[i - 1].startsWith('--')));
if (dirs.length !== 2) {
  console.error('usage: node perf/ab.mjs DIR_A DIR_B [--rounds 7] [--lines 200000]');
  process.exit(2);
}
const rounds = opt('rounds', 7);
const { file, lines } = logsFile(opt('lines', 200_000));
const times = [[], []];
for (let r = 0; r < rounds; r++) {
  dirs.forEach((dir, k) => {
    const t0 = process.hrtime.bigint();
    const res = spawnSync(process.execPath, [path.join(path.resolve(dir), 'bin/tremor-stream.js'), 'query', QUERY, '--in', file, '--out', '/dev/null']);
    if (res.status !== 0) throw new Error(`${dir}: ${res.stderr}`);
    times[k].push(Number(process.hrtime.bigint() - t0) / 1e6);
  });
}
const [a, b] = times.map(median);
console.log(`filter + project, ${lines.toLocaleString('en')} events, ${rounds} alternating rounds`);
console.log(`A ${dirs[0]}: ${a.toFixed(0)} ms   B ${dirs[1]}: ${b.toFixed(0)} ms   B / A = ${(b / a).toFixed(3)}`);
