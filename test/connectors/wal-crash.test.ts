/**
 * Guaranteed delivery through crashes: events stored in a wal are delivered from it by a
 * wal → pipeline → file run that is killed with SIGKILL at seeded random moments, 20 times,
 * and restarted each time. The output must hold every stored event at least once, in order
 * (the first occurrences are the input), and nothing else: no torn line, no foreign line.
 *
 * The events go into the wal once, by a first run (file → wal) that ends by itself: a file
 * source is not transactional, and a run that read the input again would deliver everything
 * with or without a wal. Losing an event here means the wal lost a record, or moved its ack
 * position past an event its sink had not written.
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { root } from '../root.js';
import { until } from '../until.js';
import { random } from '../random.js';

const cli = path.join(root, 'bin/tremor-stream.js');
const EVENTS = 3000;
const KILLS = 20;

const WAL = `define connector log from wal with config = {"dir": "wal", "chunk_size": 4096, "max_chunks": 1000} end;`;
const PASS = 'define pipeline pass pipeline select event from in into out; end;';

const STORE = `define flow main
flow
  define connector input from file with codec = "json", preprocessors = ["separate"], config = {"path": "in.json", "mode": "read"} end;
  ${WAL}
  ${PASS}
  create connector input; create connector log; create pipeline pass;
  connect /connector/input to /pipeline/pass; connect /pipeline/pass to /connector/log;
end;
deploy flow main;
`;

const DELIVER = `define flow main
flow
  ${WAL}
  define connector output from file with codec = "json", postprocessors = ["separate"], config = {"path": "out.json", "mode": "append"} end;
  ${PASS}
  create connector log; create connector output; create pipeline pass;
  connect /connector/log to /pipeline/pass; connect /pipeline/pass to /connector/output;
end;
deploy flow main;
`;

t.test(`SIGKILL ${KILLS} times at random moments: every event arrives, in order, nothing else`, async (t) => {
  const seed = Number(process.env.WAL_CRASH_SEED ?? Date.now() % 1_000_000);
  t.comment(`seed ${seed} (WAL_CRASH_SEED=${seed} replays it)`);
  const rnd = random(seed);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wal-crash-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'in.json'), Array.from({ length: EVENTS }, (_, n) => `{"n":${n}}\n`).join(''));
  fs.writeFileSync(path.join(dir, 'store.troy'), STORE);
  fs.writeFileSync(path.join(dir, 'deliver.troy'), DELIVER);
  const outFile = path.join(dir, 'out.json');
  const lines = () => (fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8').split('\n').length - 1 : 0);

  const start = (app: string) => {
    const child = spawn(process.execPath, [cli, 'run', app], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    const run = { child, exited: false, status: null as number | null, stderr: '' };
    child.stderr.on('data', (d) => (run.stderr += d));
    child.on('exit', (code) => {
      run.exited = true;
      run.status = code;
    });
    return run;
  };

  const store = start('store.troy');
  await until(t, 'the events to be stored', () => store.exited);
  t.equal(store.status, 0, store.stderr);
  t.notOk(fs.existsSync(outFile), 'nothing delivered yet');

  /** the first occurrences of the events delivered so far */
  const delivered = () => new Set(fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8').split('\n').slice(0, -1) : []).size;
  const progress: number[] = [];
  for (let i = 0; i < KILLS; i++) {
    const run = start('deliver.troy');
    // after 0 to 2 × (an even share of the events) more lines: kills before delivering
    // anything, in the middle of it, and (when a run gets ahead) after everything
    const target = lines() + Math.floor((rnd() * 2 * EVENTS) / KILLS);
    await until(t, `run ${i} to write ${target} lines or end`, () => run.exited || lines() >= target);
    if (!run.exited) run.child.kill('SIGKILL');
    await until(t, `run ${i} to be gone`, () => run.exited);
    progress.push(delivered());
  }
  // the last run delivers what is left; a wal source waits for more, so it is stopped (SIGTERM)
  // once every event has arrived
  const last = start('deliver.troy');
  await until(t, 'every event to be delivered', () => delivered() >= EVENTS || last.exited);
  t.notOk(last.exited, `the last run is still running (${last.stderr})`);
  last.child.kill('SIGTERM');
  await until(t, 'the last run to stop', () => last.exited);
  t.comment(`distinct events delivered after each kill: ${progress.join(' ')}`);

  const out = fs.readFileSync(outFile, 'utf8');
  t.ok(out.endsWith('\n'), 'no torn last line');
  const seen: number[] = [];
  const firsts: number[] = [];
  for (const line of out.split('\n').slice(0, -1)) {
    const m = /^\{"n":(\d+)\}$/.exec(line);
    if (!m) {
      t.fail(`a line that is no input event: ${JSON.stringify(line)} (seed ${seed})`);
      return;
    }
    const n = Number(m[1]);
    if (!seen[n]) firsts.push(n);
    seen[n] = (seen[n] ?? 0) + 1;
  }
  t.same(
    firsts,
    Array.from({ length: EVENTS }, (_, n) => n),
    `every event at least once, first occurrences in input order (seed ${seed})`,
  );
});
