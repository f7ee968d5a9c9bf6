#!/usr/bin/env node
// Every configuration key of every connector, codec, pre/postprocessor and operator we ship is
// accepted by some test: `node scripts/config-coverage.mjs DIR` reads the traces the tests left
// in DIR (TREMOR_CONFIG_TRACE, see src/runtime/schema.ts: one `owner<TAB>key` line per key of a
// configuration read without complaint, from the test processes and the command lines they
// start) and lists the keys no test gave. Needs the build (dist/).
//
// Prints "config keys: P of T accepted in a test" and the missing ones; exit 1 when any is.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error('usage: node scripts/config-coverage.mjs TRACE_DIR');
  process.exit(2);
}
const imp = (p) => import(pathToFileURL(path.join(root, 'dist', p)).href);
const { connectorTypes } = await imp('connectors/registry.js');
const { codecNames, codecType } = await imp('codecs/index.js');
const { preprocessorTypes, postprocessorTypes } = await imp('interceptors/index.js');
const { operatorTypes } = await imp('pipeline/operators/index.js');

/** owner (as the schema reader names it) → its schema, for everything we ship */
const owners = [
  ...[...connectorTypes.values()].map((t) => [`a ${t.name} connector`, t.config]),
  ...codecNames().map((n) => [`the ${n} codec`, codecType(n).config]),
  ...preprocessorTypes().map((t) => [`the ${t.name} preprocessor`, t.config]),
  ...postprocessorTypes().map((t) => [`the ${t.name} postprocessor`, t.config]),
  ...[...operatorTypes].map(([name, f]) => [`operator ${name}`, f.config]),
];

const given = new Set();
for (const f of fs.readdirSync(dir)) {
  for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n')) if (line) given.add(line);
}

let total = 0;
const missing = [];
for (const [owner, schema] of owners) {
  for (const row of schema.describe()) {
    total++;
    // a key counts when any of its spellings (`dir / path`) was accepted
    if (!row.key.split(' / ').some((k) => given.has(`${owner}\t${k}`))) missing.push(`${owner}: \`${row.key}\``);
  }
}
console.log(`config keys: ${total - missing.length} of ${total} accepted in a test`);
if (missing.length) console.log(`never accepted in a test:\n${missing.map((m) => `  ${m}`).join('\n')}`);
process.exitCode = missing.length ? 1 : 0;
