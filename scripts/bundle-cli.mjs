#!/usr/bin/env node
// Bundles the command line into one module (dist/cli.mjs). Loading ~120 small modules costs
// ~35 ms of a ~200 ms start-up; one file loads faster. The library (dist/index.js) stays
// unbundled. Ohm is loaded from node_modules at run time (see scripts/build-grammar.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [path.join(root, 'dist/cli/main.js')],
  outfile: path.join(root, 'dist/cli.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['ohm-js', 'acorn', 'acorn-walk', 'lmdb', 'croner', 'ws', 'undici', 'msgpackr', 'yaml', 'csv-parse', 'csv-stringify'],
  sourcemap: 'linked',
  logLevel: 'warning',
});
