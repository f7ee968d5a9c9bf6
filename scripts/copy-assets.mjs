#!/usr/bin/env node
// Copies the generated grammar bundle (plain JavaScript) and the bundled Tremor library next
// to the compiled TypeScript in dist/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const copy = (from, to) => {
  if (!fs.existsSync(path.join(root, from))) return;
  fs.mkdirSync(path.dirname(path.join(root, to)), { recursive: true });
  fs.cpSync(path.join(root, from), path.join(root, to), { recursive: true });
};
copy('src/lang/generated/tremor.ohm-bundle.js', 'dist/lang/generated/tremor.ohm-bundle.js');
copy('src/lang/generated/tremor.ohm-bundle.d.ts', 'dist/lang/generated/tremor.ohm-bundle.d.ts');
copy('lib', 'dist/lib');
