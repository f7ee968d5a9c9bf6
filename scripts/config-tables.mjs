#!/usr/bin/env node
// Rewrites README.md's configuration tables from the schemas (src/app/config-tables.ts).
// Needs a build (`npm run build`); `--check` only reports whether the README is current.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { withConfigTables } = await import(pathToFileURL(path.join(root, 'dist/app/config-tables.js')).href);
const file = path.join(root, 'README.md');
const readme = fs.readFileSync(file, 'utf8');
const next = withConfigTables(readme);
if (process.argv.includes('--check')) {
  if (next !== readme) {
    console.error('README.md: the configuration tables are out of date; run `npm run config-tables`');
    process.exit(1);
  }
} else if (next !== readme) {
  fs.writeFileSync(file, next);
  console.log('README.md: configuration tables updated');
}
