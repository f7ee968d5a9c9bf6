/**
 * The progress bar of `query --in FILE` (issue #17): drawn on a terminal (a pseudo-terminal
 * from util-linux's `script`), never when stderr is piped, and the output unchanged by it.
 */
import t, { type Test } from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { showProgress } from '../../src/cli/progress.js';
import { root } from '../root.js';

const cli = path.join(root, 'bin/tremor-stream.js');

function input(t: Test): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-progress-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'in.jsonl');
  fs.writeFileSync(file, Array.from({ length: 50_000 }, (_, i) => `{"i":${i},"pad":"${'x'.repeat(30)}"}\n`).join(''));
  return { dir, file };
}

t.test('on a terminal: the bar with bytes, events/s and ETA, cleared at the end', async (t) => {
  const { dir, file } = input(t);
  const out = path.join(dir, 'out.jsonl');
  const log = path.join(dir, 'tty.log');
  const cmd = [process.execPath, cli, 'query', 'select event.i from in into out', '--in', file, '--out', out].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('script', ['-qfec', cmd, log], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  t.equal(r.status, 0, r.stderr);
  const tty = fs.readFileSync(log, 'utf8');
  t.match(tty, /\d+% \| [\d.]+\/[\d.]+ MB \| [\d,]+ events\/s \| ETA \d+s/, 'the bar was drawn');
  t.match(tty, /100% \|/, 'up to the end');
  t.equal(fs.readFileSync(out, 'utf8'), Array.from({ length: 50_000 }, (_, i) => `${i}\n`).join(''), 'the output is unchanged');
});

t.test('piped: no bar', async (t) => {
  const { file } = input(t);
  const r = spawnSync(process.execPath, [cli, 'query', 'select event.i from in into out', '--in', file, '--out', os.devNull], { encoding: 'utf8' });
  t.equal(r.status, 0);
  t.equal(r.stderr, '', 'stderr gets nothing');
});

t.test('showProgress: only for a terminal and a known size', async (t) => {
  const writes: string[] = [];
  const term = { isTTY: false, write: (s: string) => writes.push(s) > 0 };
  t.equal(await showProgress({ bytes: () => 0, total: 100, events: () => 0 }, term), null, 'not a terminal');
  t.equal(await showProgress({ bytes: () => 0, total: 0, events: () => 0 }, { ...term, isTTY: true }), null, 'no size');
  t.same(writes, []);
});

t.test('run: the bar while file sources read, on a terminal only', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-progress-run-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'in.jsonl');
  const n = 300_000;
  fs.writeFileSync(file, Array.from({ length: n }, (_, i) => `{"i":${i}}\n`).join(''));
  const out = path.join(dir, 'out.jsonl');
  const troy = path.join(dir, 'app.troy');
  fs.writeFileSync(
    troy,
    `define flow main flow
      define connector src from file with codec = "json", preprocessors = ["separate"], config = {"path": ${JSON.stringify(file)}, "mode": "read"} end;
      define connector dst from file with codec = "json", postprocessors = ["separate"], config = {"path": ${JSON.stringify(out)}, "mode": "truncate"} end;
      define pipeline pass pipeline select event from in into out; end;
      create connector src; create connector dst; create pipeline pass;
      connect /connector/src to /pipeline/pass; connect /pipeline/pass to /connector/dst;
    end;
    deploy flow main;`,
  );
  const log = path.join(dir, 'tty.log');
  const cmd = [process.execPath, cli, 'run', troy].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('script', ['-qfec', cmd, log], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  t.equal(r.status, 0, r.stderr);
  t.match(fs.readFileSync(log, 'utf8'), /\d+% \| [\d.]+\/[\d.]+ MB \| [\d,]+ events\/s/, 'the bar was drawn');
  t.equal(fs.readFileSync(out, 'utf8').split('\n').length - 1, n, 'every event written');
  const piped = spawnSync(process.execPath, [cli, 'run', troy], { encoding: 'utf8' });
  t.equal(piped.status, 0);
  t.equal(piped.stderr, '', 'piped: nothing on stderr');
});
