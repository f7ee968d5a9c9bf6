#!/usr/bin/env node
// The command line: the bundled build when it exists (faster start-up), else the modules.
import fs from 'node:fs';

const bundle = new URL('../dist/cli-bundle/main.mjs', import.meta.url);
await import(fs.existsSync(bundle) ? bundle.href : '../dist/cli/main.js');
