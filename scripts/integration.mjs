#!/usr/bin/env node
// The integration ratchet: runs Tremor's own integration tests (../shared/integration/run.mjs)
// against this build and compares with the committed list of passing tests
// (integration/passing.txt). A listed test that fails fails the run; newly passing tests are
// printed (`--update` adds them). Extra arguments go to run.mjs (e.g. --only '^tcp').
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const shared = process.env.TREMOR_SHARED ?? path.resolve(root, '../shared');
const runner = path.join(shared, 'integration/run.mjs');
const listFile = path.join(root, 'integration/passing.txt');
const args = process.argv.slice(2);
const update = args.includes('--update');
const passthrough = args.filter((a) => a !== '--update');

if (!fs.existsSync(runner)) {
  console.log(`integration: ${runner} not found, skipped`);
  console.log('integration: 0 passed, 0 failed');
  process.exit(0);
}

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-it-ratchet-')), 'report.json');
const cli = path.join(root, 'bin/tremor-stream.js');
const r = spawnSync(process.execPath, [runner, '--tests', path.join(shared, 'integration/tests'), '--cmd', `node ${cli}`, '--json', report, ...passthrough], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
process.stdout.write(
  r.stdout
    .split('\n')
    .filter((l) => /^(PASS|FAIL|SKIP)\b/.test(l))
    .map((l) => `  ${l.slice(0, 300)}\n`)
    .join(''),
);
if (!fs.existsSync(report)) {
  console.error(`integration: the runner produced no report (exit ${r.status})`);
  process.exit(1);
}
const tests = JSON.parse(fs.readFileSync(report, 'utf8')).tests;
const passing = new Set(tests.filter((x) => x.result === 'PASS').map((x) => x.name));
const ran = new Set(tests.map((x) => x.name));
const listed = fs.existsSync(listFile)
  ? fs
      .readFileSync(listFile, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
  : [];
const regressions = listed.filter((name) => ran.has(name) && !passing.has(name));
const fresh = [...passing].filter((name) => !listed.includes(name)).sort();

for (const name of regressions) console.log(`REGRESSION ${name}: ${tests.find((x) => x.name === name).reason ?? ''}`);
if (fresh.length) console.log(`newly passing (run \`npm run integration -- --update\` to add):\n${fresh.map((n) => `  ${n}`).join('\n')}`);
if (update) {
  const all = [...new Set([...listed.filter((n) => !ran.has(n) || passing.has(n)), ...passing])].sort();
  fs.writeFileSync(listFile, `# Tremor integration tests that pass; CI fails when one of them fails (scripts/integration.mjs)\n${all.join('\n')}\n`);
  console.log(`integration: wrote ${all.length} tests to ${path.relative(root, listFile)}`);
}
console.log(`integration: ${passing.size} of ${ran.size} tests pass; ${regressions.length} listed test(s) regressed`);
console.log(`integration: ${listed.filter((n) => passing.has(n)).length} passed, ${regressions.length} failed`);
process.exit(regressions.length ? 1 : 0);
