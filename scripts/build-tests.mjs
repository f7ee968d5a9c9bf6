#!/usr/bin/env node
// Compiles src/ and test/ into build/ for tap (tsconfig.test.json), so that the test processes
// run plain JavaScript with no TypeScript loader. Run by scripts/test.mjs before tap, and by tap
// itself as its `before` step (package.json), so a bare `npx tap` never runs stale tests.
//
// tsc is incremental: a second run only recompiles what changed. A type error does not stop
// the build (tsc emits anyway) but is recorded in build/.tsc-status, which scripts/test.mjs
// turns into a failed run once the tests have run.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

if (process.env.TREMOR_TESTS_BUILT === '1') process.exit(0);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const build = path.join(root, 'build');

// one build at a time in a shared working tree (two test runs starting together would write
// the same files); a lock older than ten minutes is left over from a killed run
const lock = path.join(root, '.build-tests.lock');
for (;;) {
  try {
    fs.mkdirSync(lock);
    break;
  } catch {
    const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > 600_000) fs.rmSync(lock, { recursive: true, force: true });
    else await new Promise((r) => setTimeout(r, 200));
  }
}
process.on('exit', () => fs.rmSync(lock, { recursive: true, force: true }));

const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.test.json')], { stdio: 'inherit' });
fs.mkdirSync(build, { recursive: true });
fs.writeFileSync(path.join(build, '.tsc-status'), String(tsc.status ?? 1));
if (tsc.status !== 0) console.error(`\ntest build: tsc -p tsconfig.test.json found type errors (status ${tsc.status}); the tests run anyway, npm test fails at the end\n`);

// a compiled file whose source is gone (a deleted or renamed test or module) must not run
const prune = (dir, srcDir) => {
  if (!fs.existsSync(dir)) return;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) prune(p, path.join(srcDir, e.name));
    else if (/\.js(\.map)?$/.test(e.name)) {
      const base = e.name.replace(/\.js(\.map)?$/, '');
      if (!fs.existsSync(path.join(srcDir, `${base}.ts`)) && !fs.existsSync(path.join(srcDir, `${base}.js`))) fs.rmSync(p);
    }
  }
};
prune(path.join(build, 'test'), path.join(root, 'test'));
prune(path.join(build, 'src'), path.join(root, 'src'));

// what tsc does not emit: the generated grammar bundle (plain JavaScript), and the bundled
// Tremor library where src/lang/fsloader.ts looks for it (lib/ two folders up from build/src/lang)
const bundle = 'src/lang/generated/tremor.ohm-bundle.js';
if (fs.existsSync(path.join(root, bundle))) {
  fs.mkdirSync(path.dirname(path.join(build, bundle)), { recursive: true });
  fs.copyFileSync(path.join(root, bundle), path.join(build, bundle));
}
fs.rmSync(path.join(build, 'lib'), { recursive: true, force: true });
fs.cpSync(path.join(root, 'lib'), path.join(build, 'lib'), { recursive: true });
