/**
 * The error catalog is complete: every code in src/base/codes.ts has at least one fixture
 * folder (fixtures/errors/* or fixtures/runtime-errors/*, checked by test/fixtures.test.ts)
 * whose error.txt names it, and a row in fixtures/errors/CATALOG.md, unless it is listed
 * below with the reason no program can raise it.
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { CODES, type Code } from '../../src/base/codes.js';
import { root } from '../root.js';

/**
 * Codes no program can raise, each with the reason. A code that gets raised some day must
 * leave this list and get a fixture (the last test below fails when one has both).
 */
const NOT_RAISED: Partial<Record<Code, string>> = {
  // malformed binary parts are syntax errors (S001), bad sizes and types are T008, as in
  // Tremor, whose `<<…>>` errors are generic errors
  S002: 'never raised: no source file uses it',
  // Tremor has one kind, InvalidExtractor, for an unknown extractor and a pattern it rejects;
  // both are C010 here
  C011: 'never raised: invalid extractor patterns are C010',
  // the only use is the default branch of the group-by lowering (src/lang/query/select.ts),
  // unreachable: the parser produces no other group-by form
  C024: 'only in an unreachable default branch',
  // Tremor reports a guard that is not a boolean as a TypeConflict (T003 here)
  R006: 'never raised: a non-boolean guard is T003',
  // the same for `where` and `having` (Tremor's query_guard_not_bool, a TypeConflict)
  R014: 'never raised: a non-boolean where/having is T003',
  // an event on a script port it does not define becomes a plain `unknown port` error event
  // on `err` (src/pipeline/script.ts), not a diagnostic
  R016: 'never raised: unknown script ports are plain error events',
  // decoding and event failures are plain errors on error events and log lines (codecs,
  // connectors), not diagnostics with a code
  E001: 'never raised: codec errors carry no code',
  E002: 'never raised: event failures carry no code',
};

const FIXTURES = path.join(root, 'fixtures');

/** fixture folder → the code its error.txt names */
function fixtureCodes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const kind of ['errors', 'runtime-errors']) {
    const dir = path.join(FIXTURES, kind);
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name, 'error.txt');
      if (!fs.existsSync(file)) continue;
      out.set(`${kind}/${name}`, fs.readFileSync(file, 'utf8').trim().split(/\s+/)[0]);
    }
  }
  return out;
}

const codes = Object.keys(CODES) as Code[];
const fixtures = fixtureCodes();
const covered = new Set(fixtures.values());

t.test('every code that can be raised has a fixture', (t) => {
  const missing = codes.filter((c) => !covered.has(c) && !(c in NOT_RAISED));
  t.same(missing, [], 'codes without a fixture folder and not in NOT_RAISED');
  t.end();
});

t.test('every fixture names a code of the catalog', (t) => {
  for (const [folder, code] of fixtures) t.ok(code in CODES, `${folder}: ${code}`);
  t.end();
});

t.test('every fixture folder is named by its code', (t) => {
  for (const [folder, code] of fixtures) t.ok(path.basename(folder).startsWith(`${code} `), `${folder} starts with ${code}`);
  t.end();
});

t.test('NOT_RAISED lists only real codes without fixtures', (t) => {
  for (const c of Object.keys(NOT_RAISED)) {
    t.ok(c in CODES, `${c} is a code`);
    t.notOk(covered.has(c), `${c} has a fixture: take it off NOT_RAISED`);
  }
  t.end();
});

t.test('CATALOG.md has a row for every code', (t) => {
  const catalog = fs.readFileSync(path.join(FIXTURES, 'errors', 'CATALOG.md'), 'utf8');
  for (const c of codes) t.match(catalog, new RegExp(`\\|\\s*${c}\\b`), `${c} in CATALOG.md`);
  t.end();
});
