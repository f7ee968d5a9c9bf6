import t from 'tap';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from '../root.js';

const cli = path.join(root, 'bin/tremor-stream.js');
const run = (args: string[], input = '') => spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });

t.test('the README example works', (t) => {
  const r = run(['query', 'select {"b": event.a + 1} from in into out'], '{"a":1}\n');
  t.equal(r.stdout, '{"b":2}\n');
  t.equal(r.status, 0);
  t.end();
});

t.test('64-bit integers pass through unchanged', (t) => {
  const r = run(['query', 'select event from in into out'], '{"u":18446744073709551615,"i":-9223372036854775808,"t":1764175345123456789,"f":1.5}\n');
  t.equal(r.stdout, '{"u":18446744073709551615,"i":-9223372036854775808,"t":1764175345123456789,"f":1.5}\n');
  const dflt = run(['query', 'select event from in into out'], '{"f":1.0}\n');
  t.equal(dflt.stdout, '{"f":1}\n', 'by default an integral float in the input reads as an integer, like jq');
  const exact = run(['query', '--exact-numbers', 'select event from in into out'], '{"f":1.0}\n');
  t.equal(exact.stdout, '{"f":1.0}\n', '--exact-numbers keeps it a float');
  t.end();
});

t.test('a bad JSON line is reported with its number and the others are processed', (t) => {
  const r = run(['query', 'select event.a from in into out'], '{"a":1}\n{"a":\n{"a":3}\n');
  t.equal(r.stdout, '1\n3\n');
  t.match(r.stderr, /line 2: invalid JSON/);
  t.equal(r.status, 2);
  t.end();
});

t.test('a compile error exits 1 with a positioned diagnostic', (t) => {
  const r = run(['query', 'select event.a + from in into out'], '');
  t.equal(r.status, 1);
  t.match(r.stderr, /Error: \n\s+1 \| select event\.a \+ from in into out\n\s+\|\s+\^+ Found the token `from`/);
  t.end();
});

t.test('runtime errors go to stderr with a position and processing continues', (t) => {
  const r = run(['query', 'select event.a + 1 from in into out'], '{"a":1}\n{"b":1}\n{"a":2}\n');
  t.equal(r.stdout, '2\n3\n');
  t.match(r.stderr, /Trying to access a non existing event key `a`/);
  t.equal(r.status, 2);
  t.end();
});

t.test('the err port goes to stderr, other ports are prefixed', (t) => {
  const q = '#!config into = "out, err, x"\ndefine script s script emit event => "x" end; create script s; select event from in into s; select event from s/x into x; select {"e": event} from in into err;';
  const r = spawnSync(process.execPath, [cli, 'query', q], { input: '1\n', encoding: 'utf8' });
  t.equal(r.stdout, 'x\t1\n');
  t.equal(r.stderr, '{"e":1}\n');
  t.end();
});

t.test('files in and out, check and explain', (t) => {
  const r = run(['query', '-f', path.join(root, 'fixtures/examples/errors.trickle'), '--in', path.join(root, 'fixtures/examples/logs.jsonl')]);
  t.equal(r.status, 0);
  t.ok(r.stdout.split('\n').filter(Boolean).length > 5);
  const c = run(['check', path.join(root, 'fixtures/examples/errors.trickle')]);
  t.equal(c.status, 0);
  const e = run(['explain', 'select event.a from in into out']);
  t.match(e.stdout, /# AST[\s\S]*# Pipeline \(IR\)[\s\S]*# JavaScript[\s\S]*function select\(c\)/);
  t.match(e.stdout, /node 3: select select .*\n  decodes: event\.a\n/, 'explain says what of the payload is decoded');
  const d = run(['explain', 'select event from in where event.b > 1 or event["x y"] into out; select {"e": event} from in into out;']);
  t.match(d.stdout, /decodes: event\.b, event\["x y"\]\n[\s\S]*decodes: the whole payload\n/);
  t.match(d.stdout, /\nthreads: all \(stateless/, 'explain says the query may use every core');
  const w = run(['explain', 'select event from in group by event.a into out']);
  t.match(w.stdout, /\nthreads: one \(select select keeps windows or groups\)/, 'and when it may not, why');
  t.end();
});

t.test('check: module files, deployments with their deploy-time checks, the error found further', (t) => {
  for (const f of ['lib/integration.tremor', 'lib/tremor/connectors.tremor', 'lib/tremor/pipelines.tremor', 'fixtures/apps/kv-eviction/main.troy']) {
    const r = run(['check', path.join(root, f)]);
    t.equal(r.status, 0, `${f}: ${r.stderr}`);
  }
  const typo = run(['check', path.join(root, 'fixtures/apps/metronome-doc-typo/main.troy')]);
  t.equal(typo.status, 1, 'a deployment that cannot deploy fails the check');
  t.match(typo.stderr, /Artefact `metronome` is not defined/);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-check-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'mod.tremor'), 'define connector x from exit;\nlet a = 1;\n');
  const mod = run(['check', path.join(dir, 'mod.tremor')]);
  t.equal(mod.status, 1);
  t.match(mod.stderr, /2 \| let a = 1;\n\s+\| \^+ Found the token `let` but expected one of `<doc-comment>`, `const`, `define`, `fn`, `intrinsic`, `use`/, 'a module with a script statement: the module error');
  fs.writeFileSync(path.join(dir, 'script.tremor'), 'let a = 1;\nlet b = ;\n');
  const script = run(['check', path.join(dir, 'script.tremor')]);
  t.equal(script.status, 1);
  t.match(script.stderr, /2 \| let b = ;/, 'a script error stays a script error');
  t.end();
});

t.test('warnings go to stderr and do not fail, unless --deny-warnings (check, query, run)', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-deny-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const script = path.join(dir, 'w.tremor');
  fs.writeFileSync(script, 'match event of case 1 => 2 end\n');
  const plain = run(['check', script]);
  t.equal(plain.status, 0);
  t.match(plain.stderr, /Warning\(behaviour\): [\s\S]*no default clause[\s\S]*w\.tremor: ok/);
  const denied = run(['check', '--deny-warnings', script]);
  t.equal(denied.status, 1);
  t.match(denied.stderr, /w\.tremor: 1 warning and --deny-warnings/);
  t.notMatch(denied.stderr, /: ok/);
  const q = 'select match event of case 1 => 2 end from in into out';
  t.equal(run(['query', q], '1\n').stdout, '2\n', 'the query runs with its warning');
  const qd = run(['query', '--deny-warnings', q], '1\n');
  t.equal(qd.status, 1);
  t.equal(qd.stdout, '', 'denied: nothing runs');
  t.match(qd.stderr, /<query>: 1 warning and --deny-warnings/);
  const troy = path.join(dir, 'app.troy');
  fs.writeFileSync(troy, 'define flow main flow\n  define pipeline p pipeline select match event of case 1 => 2 end from in into out; end;\n  create pipeline p;\nend;\ndeploy flow main;\n');
  const rd = run(['run', '--deny-warnings', troy]);
  t.equal(rd.status, 1);
  t.match(rd.stderr, /app\.troy: 1 warning and --deny-warnings/);
  t.end();
});
