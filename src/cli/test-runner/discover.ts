/**
 * Finding tests, Tremor's way. Layout: PATH/integration, PATH/bench, PATH/unit; or PATH itself
 * holds test folders (run as integration or bench), or is one test folder (it holds *.troy and
 * no meta.yaml). An integration or bench test is a folder with a tags.yaml (folders without
 * one are searched further down); a unit test suite is an `all.tremor` file.
 *
 * Tags: the lists of the tags.yaml files from PATH down to the test, as Tremor's tag::resolve.
 * Filters as Tremor's TagFilter::matches: without --includes / --excludes everything runs; a
 * test with an included tag runs; else one with an excluded tag does not; else it runs only
 * when no --includes were given.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TestCase } from './analyse.js';
import { asList, isDir, isFile, isRecord, readYaml } from './files.js';
import type { Kind } from './result.js';

export interface Filters {
  includes: string[];
  excludes: string[];
  /** only tests whose name matches */
  only: RegExp | null;
}

/** a test found, with the reason it does not run (tags), or null */
export interface Found {
  test: TestCase;
  excluded: string | null;
}

/** the kind a meta.yaml declares (Tremor's `kind`: Integration, Bench, Unit, …), lower-cased */
function metaKind(dir: string): string | null {
  const f = path.join(dir, 'meta.yaml');
  if (!isFile(f)) return null;
  try {
    const m = readYaml(f);
    return isRecord(m) && typeof m.kind === 'string' ? m.kind.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** a folder that is one test itself: it holds *.troy files and no meta.yaml */
function isSingleTest(dir: string): boolean {
  return !isFile(path.join(dir, 'meta.yaml')) && fs.readdirSync(dir).some((f) => /\.troy$/i.test(f) && isFile(path.join(dir, f)));
}

function subfolders(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => e.name)
    .sort();
}

/** test folders (with a tags.yaml) below `dir`, not looking inside a test */
function testFolders(dir: string): string[] {
  return subfolders(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return isFile(path.join(p, 'tags.yaml')) ? [p] : testFolders(p);
  });
}

/** the tags of tags.yaml (a list of strings); none when missing or unreadable, as in Tremor */
function tagsFile(dir: string): string[] {
  const f = path.join(dir, 'tags.yaml');
  if (!isFile(f)) return [];
  try {
    return asList(readYaml(f)).map(String);
  } catch {
    return [];
  }
}

/** the tags of every tags.yaml from `base` down to `dir` */
export function tagsOf(base: string, dir: string): string[] {
  const rel = path.relative(base, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return tagsFile(dir);
  const tags = tagsFile(base);
  if (!rel) return tags;
  let d = base;
  for (const part of rel.split(path.sep)) {
    d = path.join(d, part);
    tags.push(...tagsFile(d));
  }
  return tags;
}

/** why a test with these tags does not run (null: it runs) */
export function excludedBy(tags: readonly string[], f: Filters): string | null {
  if (!f.includes.length && !f.excludes.length) return null;
  if (tags.some((x) => f.includes.includes(x))) return null;
  const denied = tags.filter((x) => f.excludes.includes(x));
  if (denied.length) return `excluded by --excludes (${[...new Set(denied)].join(', ')})`;
  if (f.includes.length) return `no tag in --includes (tags: ${tags.length ? tags.join(', ') : 'none'})`;
  return null;
}

/**
 * Where the tests of `kind` are under `base`: base/<kind> when it exists; else base itself
 * when `direct` (the kind was asked for, or base's meta.yaml names it, or for integration: base
 * holds test folders and names no other kind). Null when there are none.
 */
export function suiteRoot(base: string, kind: Kind, direct: boolean): string | null {
  const sub = path.join(base, kind);
  if (isDir(sub)) return sub;
  const meta = metaKind(base);
  if (direct || meta === kind) return base;
  if (kind === 'integration' && meta === null && (isSingleTest(base) || testFolders(base).length)) return base;
  return null;
}

/** the tests of an integration or bench suite at `root` (base: where tags start) */
export function findTests(base: string, root: string, f: Filters): Found[] {
  const dirs = isSingleTest(root) ? [root] : testFolders(root);
  const out: Found[] = [];
  for (const dir of dirs) {
    const name = dir === root ? path.basename(root) : path.relative(root, dir).split(path.sep).join('/');
    if (f.only && !f.only.test(name)) continue;
    const tags = tagsOf(base, dir);
    out.push({ test: { name, dir, tags }, excluded: excludedBy(tags, f) });
  }
  return out;
}

/** the unit test suites (all.tremor files) below `root` */
export function findUnitSuites(root: string, f: Filters): TestCase[] {
  const walk = (dir: string): string[] => [...(isFile(path.join(dir, 'all.tremor')) ? [path.join(dir, 'all.tremor')] : []), ...subfolders(dir).flatMap((n) => walk(path.join(dir, n)))];
  return walk(root)
    .map((file) => ({ name: path.relative(root, file).split(path.sep).join('/'), dir: path.dirname(file), tags: [] }))
    .filter((t) => !f.only || f.only.test(t.name));
}
