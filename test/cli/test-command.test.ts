/**
 * `tremor-stream test`: Tremor's test runner for suites in Tremor's layout, through the built
 * command line; the duration rewrites on troy snippets; and the acceptance check that it
 * reports the same verdicts as the reference runner (../shared/integration/run.mjs) on Tremor's
 * own integration tests.
 */
import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { rewriteDurations, rewriteFolder } from '../../src/cli/test-runner/durations.js';
import { root } from '../root.js';

const cli = path.join(root, 'bin/tremor-stream.js');

/** runs a command to its end without blocking the event loop (tap's timeouts keep working) */
function runAsync(argv: string[], cwd = root): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

const runTest = (args: string[]) => runAsync([process.execPath, cli, 'test', ...args]);

/** the verdict lines of a runner's output: name → PASS / FAIL / SKIP */
function verdicts(stdout: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const l of stdout.split('\n')) {
    const v = /^(PASS|FAIL|SKIP) +([^\s:]+)/.exec(l);
    if (v) m.set(v[2], v[1]);
  }
  return m;
}

const lastLine = (stdout: string): string => stdout.trimEnd().split('\n').pop() ?? '';
const named = (m: Map<string, string>, verdict: string): string[] =>
  [...m]
    .filter(([, v]) => v === verdict)
    .map(([n]) => n)
    .sort();

/** a metronome ticking every 50 ms into out.log through a pipeline; exits after the third tick */
const TICKS_TROY = `define flow main
flow
  use tremor::connectors;
  use std::time::nanos;

  define connector ticks from metronome
  with
    config = {"interval": nanos::from_millis(50)}
  end;

  define connector out from file
  with
    codec = "json",
    postprocessors = ["separate"],
    config = {"path": "out.log", "mode": "truncate"}
  end;

  define pipeline main
  pipeline
    select {"tick": event.id} from in into out;
  end;

  define pipeline stop
  pipeline
    select {"exit": 0, "delay": nanos::from_millis(100)} from in where event.id == 2 into out;
  end;

  create connector ticks;
  create connector out;
  create connector exit from connectors::exit;
  create pipeline main;
  create pipeline stop;

  connect /connector/ticks to /pipeline/main;
  connect /connector/ticks to /pipeline/stop;
  connect /pipeline/main to /connector/out;
  connect /pipeline/stop to /connector/exit;
end;
deploy flow main;
`;

/** a test folder: tags.yaml, config.troy and (unless null) assert.yaml */
function writeTest(dir: string, tags: string[], assert: string | null, troy = TICKS_TROY): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tags.yaml'), `${JSON.stringify(tags)}\n`);
  fs.writeFileSync(path.join(dir, 'config.troy'), troy);
  if (assert !== null) fs.writeFileSync(path.join(dir, 'assert.yaml'), assert);
}

/** a suite in Tremor's layout: integration (pass, fail, slow), bench (exits 0) and unit */
function writeSuite(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-test-cmd-'));
  const tests = path.join(dir, 'tests');
  writeTest(path.join(tests, 'integration/ticks-pass'), ['ticks', 'pass'], 'status: 0\nname: ticks\nasserts:\n  - source: out.log\n    contains:\n      - \'{"tick":1}\'\n');
  writeTest(path.join(tests, 'integration/ticks-fail'), ['ticks'], 'status: 0\nname: cannot hold\nasserts:\n  - source: out.log\n    contains:\n      - "never <written> & never"\n');
  // would fail if it ran: the exit status is 0, not 42
  writeTest(path.join(tests, 'integration/ticks-slow'), ['ticks', 'slow'], 'status: 42\n');
  writeTest(path.join(tests, 'bench/ticks-bench'), ['pass', 'bench'], null);
  fs.mkdirSync(path.join(tests, 'unit'));
  fs.writeFileSync(
    path.join(tests, 'unit/all.tremor'),
    [
      'use std::test;',
      'use std::string;',
      'fn twice(x) with x * 2 end;',
      'test::suite({',
      '  "name": "basics",',
      '  "tests": [',
      '    test::test({"name": "len", "test": test::assert("len", 5, string::len("hello"))}),',
      '    test::test({"name": "fn", "test": twice(21) == 42})',
      '  ]',
      '})',
      '',
    ].join('\n'),
  );
  return dir;
}

t.test('an integration suite: pass, fail, excluded by tag; exit 1, the summary and the JUnit report', async (t) => {
  const dir = writeSuite();
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const junit = path.join(dir, 'report.xml');
  const r = await runTest(['integration', path.join(dir, 'tests'), '--excludes', 'slow', '--junit', junit]);
  t.equal(r.status, 1, 'a failed test fails the run', { stdout: r.stdout, stderr: r.stderr });
  const lines = r.stdout.trimEnd().split('\n');
  t.match(lines.find((l) => l.startsWith('PASS')) ?? '', /^PASS +ticks-pass \(\d+\.\ds\)$/);
  t.match(lines.find((l) => l.startsWith('FAIL')) ?? '', /^FAIL +ticks-fail \(\d+\.\ds\): out\.log does not contain "never <written> & never"$/);
  t.match(lines.find((l) => l.startsWith('SKIP')) ?? '', /^SKIP +ticks-slow: excluded by --excludes \(slow\)$/);
  t.same(
    [...verdicts(r.stdout)],
    [
      ['ticks-fail', 'FAIL'],
      ['ticks-pass', 'PASS'],
      ['ticks-slow', 'SKIP'],
    ],
    'the tests in name order, nothing else',
  );
  t.equal(lastLine(r.stdout), '1 passed, 1 failed', 'the last line');

  const xml = fs.readFileSync(junit, 'utf8');
  t.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites /);
  t.match(xml, /<testsuite name="integration" tests="3" failures="1" errors="0" skipped="1" time="\d+\.\d{3}">/);
  t.match(xml, /<testcase classname="integration" name="ticks-pass" time="\d+\.\d{3}"\/>/);
  t.match(
    xml,
    /<testcase classname="integration" name="ticks-fail" time="\d+\.\d{3}">\s*<failure message="out\.log does not contain &quot;never &lt;written&gt; &amp; never&quot;">[^<]*<\/failure>\s*<\/testcase>/,
    'the failure, XML-escaped',
  );
  t.match(xml, /<testcase classname="integration" name="ticks-slow" time="[\d.]+">\s*<skipped message="excluded by --excludes \(slow\)"\/>/);
  t.equal((xml.match(/<testcase /g) ?? []).length, 3);
});

t.test('all: each kind of Tremor layout; --includes runs only tests with an included tag', async (t) => {
  const dir = writeSuite();
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const r = await runTest(['all', path.join(dir, 'tests'), '--includes', 'pass,nothing-else']);
  t.equal(r.status, 0, 'nothing failed', { stdout: r.stdout, stderr: r.stderr });
  const v = verdicts(r.stdout);
  t.equal(v.get('ticks-pass'), 'PASS');
  t.equal(v.get('ticks-bench'), 'PASS', 'a bench test without assert.yaml passes with exit status 0');
  t.match(r.stdout, /^SKIP +ticks-fail: no tag in --includes \(tags: ticks\)$/m);
  t.match(r.stdout, /^SKIP +ticks-slow: no tag in --includes/m);
  t.match(r.stdout, /^PASS +all\.tremor \(\d+\.\ds\)$/m, 'the unit suite runs and passes');
  t.match(r.stdout, /^# integration: .*\n[\s\S]*^# bench: .*\n[\s\S]*^# unit: /m, 'the kinds in order, each with its folder');
  t.equal(lastLine(r.stdout), '3 passed, 0 failed');
});

t.test('unit: each test of a suite evaluated; a failed assert fails the file, naming the test', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-unit-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'unit'));
  fs.writeFileSync(
    path.join(dir, 'unit/all.tremor'),
    [
      'use std::test;',
      'test::suite({',
      '  "name": "maths",',
      '  "tests": [',
      '    test::test({"name": "adds", "test": test::assert("adds", 2, 1 + 1)}),',
      '    test::test({"name": "wrong", "test": test::assert("wrong", 3, 1 + 1)}),',
      '    test::test({"name": "pair", "test": [1, 2]})',
      '  ]',
      '})',
      '',
    ].join('\n'),
  );
  const r = await runTest(['unit', dir, '--verbose']);
  t.equal(r.status, 1);
  t.match(r.stdout, /^FAIL +all\.tremor \(\d+\.\ds\): 2 of 3 tests failed: maths \/ wrong, maths \/ pair$/m);
  t.equal(lastLine(r.stdout), '0 passed, 1 failed');
});

t.test('usage errors exit 2', async (t) => {
  for (const args of [
    ['--bogus'],
    ['integration', path.join(root, 'no-such-folder')],
    ['sideways', root],
    ['integration', root, '--only', '('],
    ['integration', root, '--timeout-ms', '0'],
    ['integration', root, '--junit', path.join(root, 'no-such-folder/report.xml')],
  ]) {
    const r = spawnSync(process.execPath, [cli, 'test', ...args], { encoding: 'utf8' });
    t.equal(r.status, 2, args.join(' '));
    t.match(r.stderr, /usage: tremor-stream test/);
  }
});

t.test('duration rewrites: nanoseconds to milliseconds where Tremor reads them as durations', async (t) => {
  const rw = (src: string) => rewriteDurations(src).text;
  t.equal(rw('define connector m from metronome\nwith\n  config = {"interval": nanos::from_millis(500)}\nend;'), 'define connector m from metronome\nwith\n  config = {"interval": 500}\nend;', 'a nanos call');
  t.equal(rw('define connector m from metronome with config = {"interval": 1_000_000} end;'), 'define connector m from metronome with config = {"interval": 1} end;', 'an integer literal ÷ 1e6');
  t.equal(
    rw('define connector c from crononome with config = {"entries": [{"name": "x", "delay": 1}]} end;'),
    'define connector c from crononome with config = {"entries": [{"name": "x", "delay": 0.000001}]} end;',
    'exactly, at any depth',
  );
  t.equal(
    rw('use std::time::nanos as n;\ndefine connector m from metronome with config = {"interval": n::from_seconds(2)} end;'),
    'use std::time::nanos as n;\ndefine connector m from metronome with config = {"interval": 2000} end;',
    'an alias of nanos',
  );
  t.equal(
    rw('define connector m from metronome with config = {"interval": nanos::from_seconds(x + 1)} end;'),
    'define connector m from metronome with config = {"interval": (x + 1) * 1000} end;',
    'a computed argument is scaled',
  );
  t.equal(rw('define connector m from metronome with config = {"interval": nanos::from_micros(1500)} end;'), 'define connector m from metronome with config = {"interval": 1.5} end;');
  t.equal(rw('define pipeline p pipeline select {"exit": 0, "delay": 200_000_000} from in into out; end;'), 'define pipeline p pipeline select {"exit": 0, "delay": 200} from in into out; end;', 'an exit delay');
  t.equal(
    rw('define pipeline p args delay = 1000000000 pipeline select event from in into out; end;'),
    'define pipeline p args delay = 1000 pipeline select event from in into out; end;',
    'a pipeline args default delay',
  );
  t.equal(rw('create connector b from bench with interval = nanos::from_millis(5) end;'), 'create connector b from bench with interval = 5 end;', 'create … with');
  t.equal(rw('deploy flow f from main with timeout = 3000000 end;'), 'deploy flow f from main with timeout = 3 end;', 'deploy flow … with');

  const untouched = [
    'define window w from tumbling with interval = 1000000000 end;',
    'define operator b from generic::batch with count = 3, timeout = 1000000 end;',
    'define connector c from tcp_client with config = {"url": "localhost:1", "reconnect": {"retry": {"interval_ms": 100}}} end;',
    '# "interval": 1000000\nlet x = {"interval": 1000000};',
    'let s = "{\\"delay\\": 1000000}";',
  ];
  for (const src of untouched) t.equal(rw(src), src, `unchanged: ${src.split('\n')[0]}`);
  const win = rewriteDurations('define window w from tumbling with interval = 1000000000 end;');
  t.match(win.notes, [/window w interval = 1000000000 kept in nanoseconds/], 'a window interval stays trickle nanoseconds, noted');
  const arg = rewriteDurations('define connector m from metronome args interval = 1000000 with config = {"interval": args.interval} end;');
  t.equal(arg.text, 'define connector m from metronome args interval = 1 with config = {"interval": args.interval} end;', 'the literal source of a path is rewritten, the path kept');
  t.match(arg.notes, [/"interval" = args\.interval left as is/]);
  t.same(
    rewriteDurations('define connector m from metronome with config = {"interval": 5000000} end;').rewrites,
    [{ line: 1, what: 'metronome connector config "interval"', from: '5000000', to: '5' }],
    'each rewrite is listed with its line',
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-durations-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const exit = 'define connector x from exit with config = {"delay": 1000000} end;\n';
  for (const f of ['config.troy', 'before/config.troy', 'lib/mod.tremor', 'other.tremor']) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), exit);
  }
  const folder = rewriteFolder(dir, true);
  t.same(
    folder.rewrites.map((x) => x.file),
    ['before/config.troy', 'config.troy', 'lib/mod.tremor'],
    'every troy file and the lib/ modules',
  );
  t.equal(fs.readFileSync(path.join(dir, 'lib/mod.tremor'), 'utf8'), exit.replace('1000000', '1'));
  t.equal(fs.readFileSync(path.join(dir, 'other.tremor'), 'utf8'), exit, 'a module outside lib/ is not touched');
});

const sharedTests = path.resolve(root, '../shared/integration/tests');
const reference = path.resolve(root, '../shared/integration/run.mjs');
const referenceMissing = fs.existsSync(reference) && fs.existsSync(sharedTests) ? false : `${reference} not found`;

t.test('acceptance: the same verdicts as the reference runner on Tremor integration tests', { timeout: 900_000, skip: referenceMissing }, async (t) => {
  // one after the other: the tests use fixed ports
  const ours = await runTest(['integration', sharedTests]);
  const ref = await runAsync([process.execPath, reference, '--tests', sharedTests, '--cmd', `${process.execPath} bin/tremor-stream.js`]);
  const output = { ours: ours.stdout, reference: ref.stdout };
  t.equal(ref.status, 0, 'the reference runner ran', { stderr: ref.stderr });
  const mine = verdicts(ours.stdout);
  const theirs = verdicts(ref.stdout);
  t.ok(theirs.size > 0, 'the reference runner reported tests');
  t.same(named(mine, 'PASS'), named(theirs, 'PASS'), 'the same tests pass', output);
  t.same(named(mine, 'FAIL'), named(theirs, 'FAIL'), 'the same tests fail', output);
  t.same(named(mine, 'SKIP'), named(theirs, 'SKIP'), 'the same tests are skipped', output);
  t.equal(lastLine(ours.stdout), lastLine(ref.stdout), 'the same summary line');
  t.equal(ours.status, named(mine, 'FAIL').length ? 1 : 0, 'exit status 1 exactly when a test failed');
  t.comment(`ours: ${lastLine(ours.stdout)}; reference: ${lastLine(ref.stdout)}`);
});
