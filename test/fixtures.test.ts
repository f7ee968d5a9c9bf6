/**
 * Fixture folders find themselves: every folder under fixtures/{queries,scripts,errors,
 * runtime-errors} is one case, named by its folder, with fixed file names:
 *   queries/*:        query.trickle, in, out (JSON lines)
 *   scripts/*:        script.tremor, in, out (one result per input line)
 *   errors/*:         query.trickle or script.tremor, error.txt: "CODE line:col" then a
 *                     substring of the message
 *   runtime-errors/*: script.tremor, in, error.txt (same format)
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { compileFailure, runQuery, runScript } from './helpers.js';
import { compileQuery } from '../src/lang/query/compile.js';
import { compileScript } from '../src/lang/script.js';
import { TremorError } from '../src/lang/compile.js';
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

function expectation(dir: string): { code: string; at: string; message: string } {
  const [head, message = ''] = read(dir, 'error.txt').split('\n');
  const [code, at] = head.trim().split(/\s+/);
  return { code, at, message: message.trim() };
}

for (const [name, dir] of cases('errors')) {
  t.test(`compile error: ${name}`, (t) => {
    const exp = expectation(dir);
    const isQuery = fs.existsSync(path.join(dir, 'query.trickle'));
    const f = compileFailure(() => (isQuery ? compileQuery(read(dir, 'query.trickle')) : compileScript(read(dir, 'script.tremor'))));
    t.equal(f.code, exp.code, 'code');
    t.equal(f.at, exp.at, 'position');
    t.ok(f.message.includes(exp.message), `message contains "${exp.message}": ${f.message}`);
    t.end();
  });
}

for (const [name, dir] of cases('runtime-errors')) {
  t.test(`runtime error: ${name}`, (t) => {
    const exp = expectation(dir);
    try {
      runScript(read(dir, 'script.tremor'), lines(read(dir, 'in'))[0]);
      t.fail('expected a runtime error');
    } catch (e) {
      t.type(e, TremorError);
      const d = (e as TremorError).diagnostic;
      const p = d.span!.src.position(d.span!.start);
      t.equal(d.code, exp.code, 'code');
      t.equal(`${p.line}:${p.column}`, exp.at, 'position');
      t.ok(d.message.includes(exp.message), `message contains "${exp.message}": ${d.message}`);
    }
    t.end();
  });
}
