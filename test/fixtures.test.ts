/**
 * Fixture folders find themselves: every folder under fixtures/{queries,scripts,errors,
 * runtime-errors} is one case, named by its folder, with fixed file names:
 *   queries/*:        query.trickle, in, out (JSON lines)
 *   scripts/*:        script.tremor, in, out (one result per input line)
 *   errors/*:         query.trickle, script.tremor or deploy.troy (compiled with
 *                     compileDeployment), error.txt: "CODE line:col" then a substring of the
 *                     message; a warning code (W…), or "CODE line:col warning", means the
 *                     program must compile and report that warning
 *   runtime-errors/*: script.tremor or query.trickle, in, error.txt (same format); the first
 *                     input line (a script) or every line in turn (a query) must fail; an
 *                     optional budget-ms sets the event time budget
 * Both may hold rendered.txt: the exact text the diagnostic renders to, as the CLI prints it
 * (`render` for compile errors and warnings, `renderRuntime` for runtime errors). The table of
 * every code and its fixture is fixtures/errors/CATALOG.md; test/structure/error-catalog.test.ts
 * checks that every code has one.
 */
import t, { type Test } from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { runQuery, runScript } from './helpers.js';
import { compileQuery } from '../src/lang/query/compile.js';
import { compileScript } from '../src/lang/script.js';
import { compileDeployment } from '../src/deploy/compile.js';
import { TremorError } from '../src/lang/compile.js';
import { CompileError, type Diagnostic } from '../src/base/diagnostics.js';
import { render, renderRuntime } from '../src/base/highlight.js';
import { newContext } from '../src/runtime/context.js';
import { newEvent } from '../src/runtime/event.js';
import { Graph } from '../src/pipeline/graph.js';
import { parseJson } from '../src/runtime/json.js';
import { root as repoRoot } from './root.js';

const fixtures = path.join(repoRoot, 'fixtures');
const cases = (kind: string): [string, string][] => {
  const dir = path.join(fixtures, kind);
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .sort()
        .map((n) => [n, path.join(dir, n)])
    : [];
};
const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

for (const [name, dir] of cases('queries')) {
  t.test(`query: ${name}`, (t) => {
    const r = runQuery(read(dir, 'query.trickle'), lines(read(dir, 'in')));
    t.same(r.errors, []);
    t.same(r.out, lines(read(dir, 'out')));
    t.end();
  });
}

for (const [name, dir] of cases('scripts')) {
  t.test(`script: ${name}`, (t) => {
    const out = lines(read(dir, 'in')).map((e) => runScript(read(dir, 'script.tremor'), e));
    t.same(out, lines(read(dir, 'out')));
    t.end();
  });
}

interface Expectation {
  code: string;
  at: string;
  message: string;
  warning: boolean;
  /** the exact rendering, when the case has rendered.txt */
  rendered: string | undefined;
}

function expectation(dir: string): Expectation {
  const [head, message = ''] = read(dir, 'error.txt').split('\n');
  const [code, at, flag] = head.trim().split(/\s+/);
  const rendered = fs.existsSync(path.join(dir, 'rendered.txt')) ? read(dir, 'rendered.txt') : undefined;
  return { code, at, message: message.trim(), warning: code.startsWith('W') || flag === 'warning', rendered };
}

/** 1-based line:col of a diagnostic's span, 0:0 without one */
function position(d: Diagnostic): string {
  const p = d.span ? d.span.src.position(d.span.start) : { line: 0, column: 0 };
  return `${p.line}:${p.column}`;
}

function check(t: Test, d: Diagnostic, exp: Expectation, text: string): void {
  t.equal(d.code, exp.code, 'code');
  t.equal(position(d), exp.at, 'position');
  t.ok(d.message.includes(exp.message), `message contains "${exp.message}": ${d.message}`);
  if (exp.rendered !== undefined) t.equal(text, exp.rendered, 'rendered text');
}

/** compiles the case's program: its warnings, or the compile error it fails with */
function compileCase(dir: string): { warnings: readonly Diagnostic[] } | { error: CompileError } {
  try {
    if (fs.existsSync(path.join(dir, 'query.trickle'))) return { warnings: compileQuery(read(dir, 'query.trickle')).plan.warnings };
    if (fs.existsSync(path.join(dir, 'deploy.troy'))) return { warnings: compileDeployment(read(dir, 'deploy.troy')).warnings };
    return { warnings: compileScript(read(dir, 'script.tremor')).warnings };
  } catch (e) {
    if (e instanceof CompileError) return { error: e };
    throw e;
  }
}

for (const [name, dir] of cases('errors')) {
  if (!fs.statSync(dir).isDirectory()) continue;
  const exp = expectation(dir);
  t.test(`${exp.warning ? 'warning' : 'compile error'}: ${name}`, (t) => {
    const r = compileCase(dir);
    if (exp.warning) {
      if ('error' in r) {
        t.fail(`expected the program to compile with a warning: ${r.error.message}`);
      } else {
        const w = r.warnings.find((d) => d.code === exp.code);
        t.ok(w, `reports ${exp.code}`);
        if (w) {
          t.equal(w.severity, 'warning');
          check(t, w, exp, render(w));
        }
      }
    } else if ('error' in r) {
      check(t, r.error.first, exp, render(r.error.first));
    } else {
      t.fail('expected a compile error');
    }
    t.end();
  });
}

/** runs the case until its first runtime error */
function runtimeError(dir: string): unknown {
  const input = lines(read(dir, 'in'));
  if (fs.existsSync(path.join(dir, 'query.trickle'))) {
    const g = new Graph(compileQuery(read(dir, 'query.trickle')).plan);
    for (const [i, e] of input.entries()) {
      const err = g.enqueue('in', newEvent(parseJson(e), i, i), []);
      if (err) return err;
    }
    return null;
  }
  const script = read(dir, 'script.tremor');
  if (!fs.existsSync(path.join(dir, 'budget-ms'))) {
    try {
      runScript(script, input[0]);
    } catch (e) {
      return e;
    }
    return null;
  }
  const s = compileScript(script);
  const c = newContext();
  c.event = parseJson(input[0]);
  c.state = null;
  c.budgetMs = Number(read(dir, 'budget-ms').trim());
  try {
    s.run(c);
  } catch (e) {
    return e;
  }
  return null;
}

for (const [name, dir] of cases('runtime-errors')) {
  t.test(`runtime error: ${name}`, (t) => {
    const exp = expectation(dir);
    const e = runtimeError(dir);
    if (e instanceof TremorError) check(t, e.diagnostic, exp, renderRuntime(e.diagnostic));
    else t.fail(`expected a runtime error, got ${String(e)}`);
    t.end();
  });
}
