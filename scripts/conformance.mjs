#!/usr/bin/env node
// The conformance ratchet: runs ../shared/conformance/run.mjs against this build and compares
// with the committed list of passing cases (conformance/passing.txt). A listed case that fails
// fails the run; newly passing cases are printed so they can be added (`--update` rewrites
// the list). Extra arguments go to run.mjs (e.g. --only 'scripts/').
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.TREMOR_SHARED ?? path.resolve(root, '../shared');
const runner = path.join(shared, 'conformance/run.mjs');
const listFile = path.join(root, 'conformance/passing.txt');
const args = process.argv.slice(2);
const update = args.includes('--update');
const passthrough = args.filter((a) => a !== '--update');

if (!fs.existsSync(runner)) {
  console.log(`conformance: ${runner} not found, skipped`);
  console.log('conformance: 0 passed, 0 failed');
  process.exit(0);
}

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-ratchet-')), 'report.json');
const cli = path.join(root, 'bin/tremor-stream.js');
const r = spawnSync(
  process.execPath,
  [runner, '--cases', path.join(shared, 'conformance/tests'), '--cmd', `node ${cli} conformance`, '--json', report, '--quiet', '--jobs', String(Math.max(2, os.cpus().length)), '--exit-zero', ...passthrough],
  { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
);
process.stdout.write(
  r.stdout
    .split('\n')
    .filter((l) => /^[a-z_]+: \d+ passed/.test(l))
    .map((l) => `  ${l}\n`)
    .join(''),
);
if (!fs.existsSync(report)) {
  console.error('conformance: the runner produced no report');
  process.exit(1);
}
const results = JSON.parse(fs.readFileSync(report, 'utf8')).results;
const passing = new Set(results.filter((x) => x.status === 'pass').map((x) => x.id));
const ran = new Set(results.map((x) => x.id));
const listed = fs.existsSync(listFile)
  ? fs
      .readFileSync(listFile, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
  : [];
const regressions = listed.filter((id) => ran.has(id) && !passing.has(id));
const fresh = [...passing].filter((id) => !listed.includes(id)).sort();

for (const id of regressions) {
  const res = results.find((x) => x.id === id);
  console.log(`REGRESSION ${id}: ${res.reasons.join('; ')}`);
}
if (fresh.length) console.log(`newly passing (run \`npm run conformance -- --update\` to add):\n${fresh.map((id) => `  ${id}`).join('\n')}`);
if (update) {
  const all = [...new Set([...listed.filter((id) => !ran.has(id) || passing.has(id)), ...passing])].sort();
  fs.writeFileSync(listFile, `# conformance cases that pass; CI fails when one of them fails (scripts/conformance.mjs)\n${all.join('\n')}\n`);
  console.log(`conformance: wrote ${all.length} cases to ${path.relative(root, listFile)}`);
}
console.log(`conformance: ${passing.size} of ${ran.size} cases pass; ${regressions.length} listed case(s) regressed`);
console.log(`conformance: ${listed.filter((id) => passing.has(id)).length} passed, ${regressions.length} failed`);
process.exit(regressions.length ? 1 : 0);
