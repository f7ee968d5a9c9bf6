#!/usr/bin/env node
// Runs the two ratchets — scripts/conformance.mjs (CPU-bound: one process per corpus case) and
// scripts/integration.mjs (mostly waiting: Tremor's apps run for seconds each) — at the same
// time, so that the waiting of one overlaps the work of the other. Each one's output is
// printed whole when it ends, conformance first. Exit status: the first non-zero of the two.
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** runs a script, resolves with its exit status and everything it printed */
function run(script) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts', script)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code, signal) => resolve({ status: code ?? (signal ? 1 : 0), text: Buffer.concat(out).toString('utf8') }));
  });
}

const started = Date.now();
const [conformance, integration] = await Promise.all([run('conformance.mjs'), run('integration.mjs')]);
process.stdout.write(conformance.text);
process.stdout.write(integration.text);
console.log(`ratchets: ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = conformance.status || integration.status;
