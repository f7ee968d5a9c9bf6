/**
 * Every std function is exercised: called, not merely named, by a test.
 *
 * This file runs the std and extractor test files in its own process (they are not run a
 * second time on their own, see `exclude` in package.json's tap config), with every std
 * function's implementation wrapped to record the calls, and each call attributed to the test
 * file that was running. A function of module `m` must be called while
 * `test/stdlib/<m>.test.ts` runs, or by any of these tests when its module has no test file of
 * its own. Calls through scripts and queries count (the compiled code calls the same
 * implementation, and constant folding calls it at compile time), as do direct calls of
 * `fns.<name>.impl`.
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stdRoot } from '../../src/std/index.js';
import type { StdFn, StdModule } from '../../src/std/registry.js';

const self = fileURLToPath(import.meta.url);
const ext = path.extname(self); // .ts from the sources, .js when compiled
const here = path.dirname(self);
const testFiles = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(`.test${ext}`) && path.join(dir, f) !== self)
    .sort()
    .map((f) => path.join(dir, f));

/** test file name (without .test.ext) → the std functions called while it ran */
const calls = new Map<string, Set<StdFn>>();
let running = '';

/** every function of the tree, with its module's name and full path */
const functions: { mod: string; full: string; f: StdFn }[] = [];
const walk = (m: StdModule, p: string[]) => {
  for (const [name, f] of Object.entries(m.fns)) functions.push({ mod: p[p.length - 1], full: [...p, name].join('::'), f });
  for (const [n, sub] of Object.entries(m.mods)) walk(sub, [...p, n]);
};
walk(stdRoot(), []);

// wrap each implementation in place (the module objects are shared, so scripts compiled by the
// tests call the wrapper); arity is read from the declaration, the wrapper keeps `length` anyway
const wrapped = new Set<StdFn>();
for (const { f } of functions) {
  if (wrapped.has(f)) continue;
  wrapped.add(f);
  const impl = f.impl;
  const record = function (this: unknown, ...args: unknown[]) {
    let set = calls.get(running);
    if (!set) calls.set(running, (set = new Set()));
    set.add(f);
    return impl.apply(this, args);
  };
  Object.defineProperty(record, 'length', { value: impl.length });
  (f as { impl: StdFn['impl'] }).impl = record;
}

// the root test object is shared with the imported files: their top-level subtests are
// wrapped so that the file they come from is known while they run (root subtests run one at a
// time, in order)
type TestFn = (...args: unknown[]) => unknown;
const rootTest = t.test.bind(t) as unknown as TestFn;
let importing = '';
(t as unknown as { test: TestFn }).test = (...args: unknown[]) => {
  const file = importing;
  const i = args.findIndex((a) => typeof a === 'function');
  if (i >= 0) {
    const fn = args[i] as TestFn;
    args[i] = (...a: unknown[]) => {
      running = file;
      return fn(...a);
    };
  }
  return rootTest(...args);
};
const files = [...testFiles(here), ...testFiles(path.join(here, '../extractors'))];
for (const file of files) {
  importing = running = path.basename(file).replace(/\.test\.[jt]s$/, '');
  await import(pathToFileURL(file).href);
}
(t as unknown as { test: TestFn }).test = rootTest;
const own = new Set(testFiles(here).map((f) => path.basename(f).replace(/\.test\.[jt]s$/, '')));

t.test('every std function is called by a test', (t) => {
  const any = new Set([...calls.values()].flatMap((s) => [...s]));
  for (const { mod, full, f } of functions) {
    const where = own.has(mod) ? `test/stdlib/${mod}.test.ts` : 'a std or extractor test';
    const called = own.has(mod) ? (calls.get(mod)?.has(f) ?? false) : any.has(f);
    t.ok(called, `${full} is called in ${where}`);
  }
  t.ok(functions.length > 130, `${functions.length} functions`);
  t.ok(files.length > 20, `${files.length} test files ran here`);
  t.end();
});
