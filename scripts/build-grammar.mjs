#!/usr/bin/env node
// Builds the typed Ohm bundle from query-lang/*.ohm. Ohm's CLI cannot resolve a supergrammar
// declared in another file, so the three grammar files (Script <: Trickle <: Troy) are joined
// into one generated file first.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'src/lang/generated');
fs.mkdirSync(out, { recursive: true });
const parts = ['script.ohm', 'trickle.ohm', 'troy.ohm'].map((f) => fs.readFileSync(path.join(root, 'query-lang', f), 'utf8'));
const combined = path.join(out, 'tremor.ohm');
const text = `// GENERATED from query-lang/*.ohm by scripts/build-grammar.mjs: do not edit.\n${parts.join('\n')}`;
if (!fs.existsSync(combined) || fs.readFileSync(combined, 'utf8') !== text || !fs.existsSync(combined + '-bundle.js')) {
  fs.writeFileSync(combined, text);
  const cli = path.join(root, 'node_modules/@ohm-js/cli/index.js');
  execFileSync(process.execPath, [cli, 'generateBundles', '--withTypes', '--esm', combined], { stdio: 'inherit', cwd: root });
  // Ohm's ES module entry loads ~60 files; its single-file CommonJS build starts 2-3x faster,
  // and start-up time is most of a short `tremor-stream query` run.
  const bundle = combined + '-bundle.js';
  const code = fs.readFileSync(bundle, 'utf8');
  const fast = code.replace("import {makeRecipe} from 'ohm-js';", "import {createRequire} from 'node:module';const {makeRecipe}=createRequire(import.meta.url)('ohm-js');");
  if (fast === code) throw new Error('unexpected bundle header: update scripts/build-grammar.mjs');
  fs.writeFileSync(bundle, fast);
}
