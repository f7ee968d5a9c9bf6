#!/usr/bin/env node
// Runs the unit and end-to-end test files (tap's library, compiled to build/ by
// scripts/build-tests.mjs), each in its own `node` process, several at once.
//
//   node scripts/test.mjs                             every test file
//   node scripts/test.mjs test/connectors/kv.test.ts  those files (.ts paths map to build/)
//   options: --jobs N (default: CPUs + 1), --timeout S (per file, default 600), --verbose
//
// Why not tap's own runner: it starts every test process with a module-loader hook
// (@tapjs/processinfo, for coverage we do not collect) and source maps on, which costs about
// 0.7 s of CPU per file, more than most files take to run. A file run by plain `node` prints
// TAP and closes with `# { total, pass, fail, … }`; this script reads that line.
//
// The std and extractor test files are run by test/stdlib/coverage.test.ts (it records which
// std functions they call), not on their own; package.json's tap config says the same for a
// bare `npx tap`.
//
// After a full run, scripts/config-coverage.mjs checks that every configuration key we ship
// was accepted by some test (counted as one more test).
//
// Output: one line per file, the whole output of a failing file, then
// "tests: P passed, F failed (…)". Exit status: 1 when a test failed, else 2 when tsc found
// type errors in src/ or test/, else 0.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildTest = path.join(root, 'build/test');
const timesFile = path.join(root, 'build/.test-times.json');
const RUN_BY_COVERAGE = /^(stdlib\/(?!coverage\.test\.js$)|extractors\/)/;

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  if (i < 0) return dflt;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const jobs = Math.max(1, Number(opt('--jobs', os.availableParallelism() + 1)));
const timeoutMs = Number(opt('--timeout', 600)) * 1000;
const verbose = argv.includes('--verbose');
const named = argv.filter((a) => a !== '--verbose');

const env = { ...process.env };
delete env.TREMOR_TESTS_BUILT;
const built = spawnSync(process.execPath, [path.join(root, 'scripts/build-tests.mjs')], { stdio: 'inherit', env });
if (built.status !== 0) process.exit(built.status ?? 1);
const tscStatus = Number(fs.readFileSync(path.join(root, 'build/.tsc-status'), 'utf8'));

const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const files = named.length
  ? named.map((a) => path.resolve(root, /^(\.\/)?test\/.*\.ts$/.test(a) ? path.join('build', a.replace(/^\.\//, '').replace(/\.ts$/, '.js')) : a))
  : walk(buildTest).filter((f) => f.endsWith('.test.js') && !RUN_BY_COVERAGE.test(path.relative(buildTest, f).split(path.sep).join('/')));
for (const f of files) {
  if (!fs.existsSync(f)) {
    console.error(`test: no such file ${path.relative(root, f)}`);
    process.exit(1);
  }
}

// longest first (times of the last run; bigger files first when there are none): the slow
// end-to-end files do not end up alone at the end
const lastTimes = fs.existsSync(timesFile) ? JSON.parse(fs.readFileSync(timesFile, 'utf8')) : {};
const rel = (f) => path.relative(root, f);
const weight = (f) => lastTimes[rel(f)] ?? fs.statSync(f).size / 1000;
const queue = [...files].sort((a, b) => weight(b) - weight(a));

// every configuration key a test gets accepted is traced here (src/runtime/schema.ts); after a
// full run, scripts/config-coverage.mjs fails it when a shipped key was never accepted
// (a directory of this run's own: another run in the same tree must not mix in or wipe it)
const traceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-config-trace-'));
process.on('exit', () => fs.rmSync(traceDir, { recursive: true, force: true }));
const childEnv = { ...env, TREMOR_TESTS_BUILT: '1', TAP: '1', TAP_TIMEOUT: String(timeoutMs / 1000), TREMOR_CONFIG_TRACE: traceDir };

/** runs one file; resolves with its counts and output */
function runFile(file) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { cwd: root, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    const timer = setTimeout(() => {
      out.push(Buffer.from(`\n# test.mjs: killed after ${timeoutMs / 1000} s\n`));
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const text = Buffer.concat(out).toString('utf8');
      const summary = [...text.matchAll(/^# \{ total: (\d+)(?:, pass: (\d+))?(?:, fail: (\d+))?/gm)].pop();
      const pass = summary ? Number(summary[2] ?? 0) : 0;
      let fail = summary ? Number(summary[3] ?? 0) : 0;
      // a crash, a timeout or a non-zero exit without a failed assertion still fails the file
      if (fail === 0 && (!summary || code !== 0)) fail = 1;
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ file, pass, fail, ms, text, code, signal });
    });
  });
}

const results = [];
const wallStart = Date.now();
await Promise.all(
  Array.from({ length: Math.min(jobs, queue.length) }, async () => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const r = await runFile(f);
      results.push(r);
      const name = path.relative(buildTest, f);
      console.log(`${r.fail ? 'not ok' : 'ok    '} ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${name}  (${r.pass} passed${r.fail ? `, ${r.fail} failed` : ''})`);
      if (r.fail || verbose) process.stdout.write(`${r.text.replace(/^/gm, '    ')}\n`);
    }
  }),
);

if (!named.length) fs.writeFileSync(timesFile, JSON.stringify(Object.fromEntries(results.map((r) => [rel(r.file), Math.round(r.ms)]))));
let pass = results.reduce((s, r) => s + r.pass, 0);
let fail = results.reduce((s, r) => s + r.fail, 0);
if (!named.length) {
  const cov = spawnSync(process.execPath, [path.join(root, 'scripts/config-coverage.mjs'), traceDir], { encoding: 'utf8' });
  process.stdout.write(cov.stdout + cov.stderr);
  if (cov.status === 0) pass++;
  else {
    fail++;
    results.push({ file: path.join(root, 'scripts/config-coverage.mjs'), pass: 0, fail: 1, ms: 0, text: '' });
  }
}
const failedFiles = results.filter((r) => r.fail).map((r) => path.relative(buildTest, r.file));
if (failedFiles.length) console.log(`failed files:\n${failedFiles.map((f) => `  ${f}`).join('\n')}`);
if (fail === 0 && tscStatus !== 0) console.error('test build: type errors (see the tsc output above the tests)');
console.log(`tests: ${pass} passed, ${fail} failed (${results.length} files, ${jobs} at once, ${((Date.now() - wallStart) / 1000).toFixed(0)} s)`);
process.exitCode = fail ? 1 : tscStatus !== 0 ? 2 : 0;
