#!/usr/bin/env node
// Runs the tap suites from compiled JavaScript (see scripts/build-tests.mjs).
//
//   node scripts/test.mjs                          all suites (tap's `include` in package.json)
//   node scripts/test.mjs test/connectors/kv.test.ts [more…] [tap options]
//                                                  those files (.ts paths are mapped to build/)
//
// Exit status: tap's failure, else 2 when tsc found type errors, else 0.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };
delete env.TREMOR_TESTS_BUILT;
// build first: tap lists the test files before its own `before` step would run
const built = spawnSync(process.execPath, [path.join(root, 'scripts/build-tests.mjs')], { stdio: 'inherit', env });
if (built.status !== 0) process.exit(built.status ?? 1);

// test/x.test.ts → build/test/x.test.js; anything else is passed to tap as it is
const args = process.argv.slice(2).map((a) => (/^(\.\/)?test\/.*\.ts$/.test(a) ? path.join('build', a.replace(/^\.\//, '').replace(/\.ts$/, '.js')) : a));
const tap = spawnSync(process.execPath, [path.join(root, 'node_modules/tap/dist/esm/run.mjs'), ...args], { stdio: 'inherit', cwd: root, env: { ...env, TREMOR_TESTS_BUILT: '1' } });
const tsc = Number(fs.readFileSync(path.join(root, 'build/.tsc-status'), 'utf8'));
if (tap.status === 0 && tsc !== 0) console.error('test build: type errors (see the tsc output above the tests)');
process.exitCode = tap.status !== 0 ? (tap.status ?? 1) : tsc !== 0 ? 2 : 0;
