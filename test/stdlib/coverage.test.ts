/**
 * Every std function has a test: each function of a module is called by name in that module's
 * test file (`test/stdlib/<module>.test.ts`, else any std or extractor test).
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stdRoot } from '../../src/std/index.js';
import type { StdModule } from '../../src/std/registry.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const read = (dir: string) => new Map(fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts')).map((f) => [f.replace(/\.test\.ts$/, ''), fs.readFileSync(path.join(dir, f), 'utf8')]));
const stdTests = read(here);
const anyTest = [...stdTests.values(), ...read(path.join(here, '../extractors')).values()].join('\n');

t.test('every std function is called in a test', (t) => {
  let functions = 0;
  const walk = (m: StdModule, p: string[]) => {
    const mod = p[p.length - 1];
    const text = stdTests.get(mod) ?? anyTest;
    for (const name of Object.keys(m.fns)) {
      functions++;
      const uses = [`'${name}'`, `"${name}"`, `.${name}(`, `fns.${name}`, `${mod}::${name}(`, `${mod}::${name}/`];
      t.ok(uses.some((u) => text.includes(u)), `${[...p, name].join('::')} is exercised`);
    }
    for (const [n, sub] of Object.entries(m.mods)) walk(sub, [...p, n]);
  };
  walk(stdRoot(), []);
  t.ok(functions > 130, `${functions} functions`);
  t.end();
});
