/**
 * Deep input never ends in an internal error: a program nested deeper than the compiler can
 * follow (brackets, a long operator chain) compiles, or fails with C025 at a position inside
 * the source (src/lang/depth-guard.ts) — for scripts, queries and deployments alike.
 */
import t, { type Test } from 'tap';
import { CompileError } from '../../src/base/diagnostics.js';
import { compileDeployment } from '../../src/deploy/compile.js';
import { compileQuery } from '../../src/lang/query/compile.js';
import { compileScript } from '../../src/lang/script.js';

const nested = (depth: number) => `${'('.repeat(depth)}1${')'.repeat(depth)}`;
const sum = (terms: number) => Array(terms).fill('1').join(' + ');

/** compiles, or fails with C025 inside the source; anything else fails the test */
function answers(t: Test, what: string, text: string, compile: (s: string) => unknown): 'compiled' | 'C025' {
  try {
    compile(text);
    return 'compiled';
  } catch (e) {
    if (!(e instanceof CompileError)) {
      t.fail(`${what}: ${(e as Error).name}: ${(e as Error).message}`);
      return 'C025';
    }
    const d = e.first;
    t.equal(d.code, 'C025', what);
    t.ok(d.span && d.span.start >= 0 && d.span.end <= text.length, `${what}: the position is inside the source`);
    return 'C025';
  }
}

t.test('scripts: 10 to 5,000 levels of brackets, 10 to 5,000 chained operators', async (t) => {
  for (const n of [10, 50, 500, 5000]) answers(t, `${n} brackets`, nested(n), compileScript);
  for (const n of [10, 700, 5000]) answers(t, `${n} terms`, sum(n), compileScript);
  t.equal(answers(t, 'shallow', nested(10), compileScript), 'compiled', 'a shallow program compiles');
});

t.test('the deepest bracket is where the error points', async (t) => {
  const text = `let a = 1;\n${nested(5000)}`;
  try {
    compileScript(text);
    t.pass('compiled');
  } catch (e) {
    t.type(e, CompileError);
    const d = (e as CompileError).first;
    t.equal(d.code, 'C025');
    t.equal(d.span?.start, text.indexOf('1', 11) - 1, 'at the innermost opening bracket');
  }
});

t.test('queries and deployments', async (t) => {
  answers(t, 'query', `select ${sum(5000)} from in into out;`, compileQuery);
  answers(t, 'query brackets', `select ${nested(5000)} from in into out;`, compileQuery);
  answers(t, 'deployment', `define flow f flow define pipeline p pipeline select ${nested(5000)} from in into out; end; end;`, compileDeployment);
});
