#!/usr/bin/env node
// Bundles the command line (dist/cli-bundle/main.mjs). Loading ~120 small modules costs
// ~35 ms of a ~200 ms start-up; one file loads faster. Each command is its own chunk (code
// splitting), so `query` never loads the connectors and their packages (lmdb, undici, ws, …). The library (dist/index.js) stays
// unbundled. Ohm is loaded from node_modules at run time (see scripts/build-grammar.mjs).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// stale chunks of an earlier build would pile up
fs.rmSync(path.join(root, 'dist/cli-bundle'), { recursive: true, force: true });
fs.rmSync(path.join(root, 'dist/cli.mjs'), { force: true });
fs.rmSync(path.join(root, 'dist/cli.mjs.map'), { force: true });
await build({
  // the worker threads of a parallel query load their own entry, beside the chunk that starts
  // them (src/stream/parallel/pool.ts finds it next to itself)
  entryPoints: [
    { in: path.join(root, 'dist/cli/main.js'), out: 'main' },
    { in: path.join(root, 'dist/stream/parallel/query-worker.js'), out: 'chunks/query-worker' },
  ],
  outdir: path.join(root, 'dist/cli-bundle'),
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: [
    'prom-client',
    'cli-progress',
    'vscode-languageserver',
    'vscode-languageserver-textdocument',
    'ohm-js',
    'acorn',
    'acorn-walk',
    'lmdb',
    'croner',
    'ws',
    'undici',
    'msgpackr',
    'yaml',
    'csv-parse',
    'csv-stringify',
    '@grpc/grpc-js',
    'protobufjs',
  ],
  sourcemap: 'linked',
  logLevel: 'warning',
});
