/**
 * Undelivered errors (issue "Reliability", row 10): a script's runtime error becomes an event
 * on its `err` port; with nothing connected there it is reported on stderr, counted, summed up
 * in one line at exit, and the status is 2 — for `query` and for `run`. Wired, it is delivered
 * and the status stays 0.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, tempDir } from './run-cli.js';

const INPUT = '{"a":1}\n{"b":1}\n{"a":3}\n{"c":1}\n';

t.test('query: errors of a script with no err port wired are reported, summed up, exit 2', (t) => {
  const q = 'define script s script event.a + 1 end; create script s; select event from in into s; select event from s into out;';
  const r = spawnSync(process.execPath, [cli, 'query', q], { input: INPUT, encoding: 'utf8' });
  t.equal(r.stdout, '2\n4\n', 'the good events');
  const lines = r.stderr.trimEnd().split('\n');
  t.equal(lines.filter((l) => l.startsWith('s/err\t')).length, 2, 'each error, with the script');
  t.match(lines[0], /non existing event key `a`/);
  t.equal(lines.at(-1), 'tremor-stream: 2 error events reached an err port that nothing is connected to (script s: 2)');
  t.equal(r.status, 2);
  t.end();
});

t.test('query: a wired err port delivers them and the status stays 0', (t) => {
  const q = 'define script s script event.a + 1 end; create script s; select event from in into s; select event from s into out; select event from s/err into err;';
  const r = spawnSync(process.execPath, [cli, 'query', q], { input: INPUT, encoding: 'utf8' });
  t.equal(r.stdout, '2\n4\n');
  t.same(
    r.stderr
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).event),
    [{ b: 1 }, { c: 1 }],
    'the error events, delivered',
  );
  t.equal(r.status, 0);
  t.end();
});

const app = (wired: boolean) => `define flow main
flow
  define connector io from stdio with codec = "json", preprocessors = ["separate"], postprocessors = ["separate"] end;
  define pipeline p
  into out, err
  pipeline
    define script s script event.a + 1 end;
    create script s;
    select event from in into s;
    select event from s into out;
    ${wired ? 'select event from s/err into err;' : ''}
  end;
  create connector io;
  create pipeline p;
  connect /connector/io to /pipeline/p;
  connect /pipeline/p to /connector/io;
  ${wired ? 'connect /pipeline/p/err to /connector/io/stderr;' : ''}
end;
deploy flow main;
`;

t.test('run: errors of a script with no err port wired are reported, summed up, exit 2', (t) => {
  const dir = tempDir(t, 'undelivered');
  fs.writeFileSync(path.join(dir, 'app.troy'), app(false));
  const r = spawnSync(process.execPath, [cli, 'run', path.join(dir, 'app.troy')], { input: INPUT, encoding: 'utf8', cwd: dir });
  t.equal(r.stdout, '2\n4\n');
  const lines = r.stderr.trimEnd().split('\n');
  t.equal(lines.filter((l) => l.startsWith('main::p/s/err: ')).length, 2, 'each error, with the pipeline and script');
  t.equal(lines.at(-1), '2 error events reached an err port that nothing is connected to (main::p/s: 2)');
  t.equal(r.status, 2);
  t.end();
});

t.test('run: wired, they are delivered and the status stays 0', (t) => {
  const dir = tempDir(t, 'delivered');
  fs.writeFileSync(path.join(dir, 'app.troy'), app(true));
  const r = spawnSync(process.execPath, [cli, 'run', path.join(dir, 'app.troy')], { input: INPUT, encoding: 'utf8', cwd: dir });
  t.equal(r.stdout, '2\n4\n');
  t.same(
    r.stderr
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).event),
    [{ b: 1 }, { c: 1 }],
    'the error events, delivered',
  );
  t.equal(r.status, 0);
  t.end();
});
