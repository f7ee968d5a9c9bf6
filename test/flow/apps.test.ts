/**
 * The seed's applications, run by the command line from a temporary working directory, as a
 * user would: `tremor-stream run <repo>/fixtures/apps/<app>/main.troy`.
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { root } from '../root.js';
import { DEADLINE_MS } from '../until.js';

const cli = path.join(root, 'bin/tremor-stream.js');

interface AppRun {
  status: number | null;
  stdout: string;
  stderr: string;
  cwd: string;
  log: string | null;
}

function runApp(app: string, cwd = fs.mkdtempSync(path.join(os.tmpdir(), `tremor-${app}-`))): Promise<AppRun> {
  // the timeout only guards against a hung app (how long an app takes is not asserted: a busy
  // machine makes everything slow; the apps' schedules are tested on the ManualClock)
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'run', path.join(root, 'fixtures/apps', app, 'main.troy')], { cwd, encoding: 'utf8', timeout: DEADLINE_MS }, (err, stdout, stderr) => {
      const out = path.join(cwd, 'out.log');
      const status = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ status, stdout, stderr, cwd, log: fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : null });
    });
  });
}

// the apps mostly wait for their timers, so they all run at once; each test awaits its own
const runs = {
  metronome: runApp('metronome'),
  docTypo: runApp('metronome-doc-typo'),
  counter: runApp('metronome-counter'),
  httpGet: runApp('metronome-http-get'),
  crononome: runApp('crononome'),
  kvEviction: runApp('kv-eviction').then(async (first) => ({ first, second: await runApp('kv-eviction', first.cwd) })),
};

t.test('metronome: the seed application writes "triggered" and exits 0', async (t) => {
  const r = await runs.metronome;
  t.equal(r.status, 0, r.stderr);
  t.equal(r.log, '"triggered"\n');
});

t.test("metronome-doc-typo: the documentation's copy fails with both diagnostics and the fix", async (t) => {
  const r = await runs.docTypo;
  t.equal(r.status, 1);
  t.equal(r.log, null, 'nothing ran');
  // the create of a definition that does not exist, with the suggestion
  t.match(r.stderr, /26 \|   create connector metronome;\n\s+\|   \^+ Artefact `metronome` is not defined or not found, the following are defined: every_second\n\s+\|\s+NOTE: did you mean every_second\?/);
  // the connects of the instance that was never created
  t.match(r.stderr, /31 \|   connect \/connector\/every_second to \/pipeline\/main;\n\s+\|\s+\^+ The connector `every_second` is not defined/);
  t.match(r.stderr, /32 \|   connect \/connector\/every_second to \/pipeline\/exit;/);
});

t.test('metronome-counter: exactly five lines, ids 0 to 4, exit 0', async (t) => {
  const r = await runs.counter;
  t.equal(r.status, 0, r.stderr);
  const lines = (r.log ?? '')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.same(
    lines.map((l) => l.id),
    [0, 1, 2, 3, 4],
  );
  t.ok(lines.every((l) => l.onramp === 'metronome' && typeof l.ingest_ns === 'number'));
});

t.test("metronome-http-get: three GETs answered by the app's own http_server, three lines, exit 0", async (t) => {
  const r = await runs.httpGet;
  t.equal(r.status, 0, r.stderr);
  const lines = (r.log ?? '')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.same(
    lines.map((l) => [l.n, l.status, l.content_type, l.body.path, l.body.service]),
    [1, 2, 3].map((n) => [n, 200, 'application/json', '/metadata', 'metadata']),
  );
  t.same(
    lines.map((l) => l.body.served),
    [1, 2, 3],
    'each response answers its own request',
  );
});

t.test('crononome: the first trigger of `* * * * * *` is written, exit 0', async (t) => {
  const r = await runs.crononome;
  t.equal(r.status, 0, r.stderr);
  t.equal(r.log, '{"name":"every_second","payload":"triggered"}\n');
});

t.test('kv-eviction: stale readings are evicted, and the store survives a restart', async (t) => {
  type Line = { stored?: string; evicted?: string; run: number; age_ms?: number };
  const parse = (log: string | null) =>
    (log ?? '')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
  const { first, second } = await runs.kvEviction;
  t.equal(first.status, 0, first.stderr);
  const one = parse(first.log);
  const stored1 = one.filter((l) => l.stored).map((l) => l.stored!);
  const evicted1 = one.filter((l) => l.evicted);
  t.ok(stored1.length >= 15, `${stored1.length} readings stored`);
  t.ok(evicted1.length > 0, `${evicted1.length} evicted during the first run`);
  t.ok(
    evicted1.every((l) => l.age_ms! > 1000),
    'only readings older than max_age_ms are evicted',
  );
  const left = stored1.filter((k) => !evicted1.some((l) => l.evicted === k));
  t.ok(left.length > 0, `${left.length} readings still fresh when the first run stopped`);

  t.equal(second.status, 0, second.stderr);
  const two = parse(second.log);
  const run2 = two.find((l) => l.stored)!.run;
  const fromEarlier = two.filter((l) => l.evicted && l.run !== run2).map((l) => l.evicted);
  t.same(fromEarlier.sort(), left.sort(), 'the restart evicts exactly what the first run left in the store');
});
