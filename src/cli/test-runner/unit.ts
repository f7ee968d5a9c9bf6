/**
 * Tremor's unit tests (`tremor test unit`): an `all.tremor` script whose top-level
 * `test::suite({"name": …, "tests": [test::test({"name": …, "test": EXPR}), …]})` calls
 * declare the tests. Each test's expression is evaluated on its own, after the script's
 * `use`, `const` and `fn` statements (as Tremor evaluates it in the script's environment): it
 * passes when it gives `true`; `[expected, got]`, any other value or an error (a failed
 * `test::assert`) fail it. A file is one result: PASS when every test passed, else FAIL
 * naming the failed tests; a file that does not parse fails with its diagnostic.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Source } from '../../base/source.js';
import type * as A from '../../lang/ast.js';
import { FsLoader } from '../../lang/fsloader.js';
import { parseScript } from '../../lang/parse.js';
import { compileScript } from '../../lang/script.js';
import { newContext } from '../../runtime/context.js';
import { stringify } from '../../runtime/json.js';
import { renderError } from '../../stream/parallel/job.js';
import type { TestCase } from './analyse.js';
import { emptyResult, type TestResult } from './result.js';

interface UnitTest {
  suite: string;
  name: string;
  /** the test expression's text */
  code: string;
}

const isCall = (e: A.Expr, name: string): e is A.Call => e.kind === 'call' && e.names.join('::') === name;

/** a literal string key or value of a record literal */
function text(e: A.Expr | undefined): string | null {
  return e?.kind === 'string' && e.parts.every((p) => typeof p === 'string') ? e.parts.join('') : null;
}

function field(r: A.RecordLit, key: string): A.Expr | undefined {
  return r.fields.find((f) => text(f.key) === key)?.value;
}

/** the tests the file declares, and the text every test runs after (its use/const/fn) */
export function unitTests(file: string, source: string): { preamble: string; tests: UnitTest[] } {
  const ast = parseScript(new Source(file, source));
  const preamble: string[] = [];
  const tests: UnitTest[] = [];
  for (const s of ast.body) {
    if (s.kind === 'expr' && isCall(s.expr, 'test::suite') && s.expr.args[0]?.kind === 'record') {
      const spec = s.expr.args[0];
      const suite = text(field(spec, 'name')) ?? '';
      const list = field(spec, 'tests');
      for (const item of list?.kind === 'array' ? list.items : []) {
        if (!isCall(item, 'test::test') || item.args[0]?.kind !== 'record') continue;
        const expr = field(item.args[0], 'test');
        if (expr) tests.push({ suite, name: text(field(item.args[0], 'name')) ?? '', code: source.slice(expr.span.start, expr.span.end) });
      }
    } else if (s.kind !== 'expr') preamble.push(source.slice(s.span.start, s.span.end));
  }
  return { preamble: preamble.map((p) => `${p};\n`).join(''), tests };
}

/** runs one test: null when it passed, else why not */
function runOne(file: string, preamble: string, t: UnitTest): string | null {
  const src = new Source(file, `${preamble}${t.code}`);
  try {
    const v = compileScript(src, { loader: new FsLoader({ main: file }) }).run(newContext());
    if (v === true) return null;
    if (Array.isArray(v) && v.length === 2) return `${stringify(v[0])} != ${stringify(v[1])}`;
    return `gave ${v === undefined ? 'nothing' : stringify(v)}, not true`;
  } catch (e) {
    return (renderError(e, src) ?? (e as Error).message).trim();
  }
}

export function runUnitSuite(t: TestCase): TestResult {
  const r = emptyResult('unit', t.name);
  const started = performance.now();
  const file = path.join(t.dir, 'all.tremor');
  const source = fs.readFileSync(file, 'utf8');
  let found: ReturnType<typeof unitTests>;
  try {
    found = unitTests(file, source);
  } catch (e) {
    r.result = 'FAIL';
    r.reason = (renderError(e, new Source(file, source)) ?? (e as Error).message).trim();
    return r;
  }
  const failed: string[] = [];
  for (const test of found.tests) {
    const why = runOne(file, found.preamble, test);
    const label = `${test.suite ? `${test.suite} / ` : ''}${test.name}`;
    r.notes.push(`${why === null ? '(+)' : '(-)'} ${label}${why === null ? '' : `: ${why}`}`);
    if (why !== null) failed.push(label);
  }
  r.durationMs = performance.now() - started;
  r.result = failed.length === 0 ? 'PASS' : 'FAIL';
  r.reason = failed.length === 0 ? '' : `${failed.length} of ${found.tests.length} tests failed: ${failed.join(', ')}`;
  if (found.tests.length === 0) {
    r.result = 'SKIP';
    r.reason = 'no test::suite with tests in the file';
  }
  return r;
}
