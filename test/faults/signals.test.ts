/**
 * SIGTERM / SIGINT drain what was read (issue "Reliability", rows 3 and 11): `query` and `run`
 * stop reading, write everything already read — no torn last line — flush windows as at the
 * end of the input, and exit 0.
 *
 * The input is a file given as the child's stdin: the open file is shared, so after the child
 * has exited its offset says exactly how many bytes it read, and the output must hold every
 * complete line among them. The child's stdout is a pipe the test stops reading after the
 * first output, so the child stalls on backpressure with read-but-unwritten data when the
 * signal comes; the test reads the rest once the signal is sent.
 */
import t, { type Test } from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { until } from '../until.js';
import { completeLines, fileIn, fileOut, jsonLines, passApp, readOffset, start, STDIO, tempDir } from './run-cli.js';

const LINES = 400_000;

function bigInput(t: Test): { file: string; text: string } {
  const dir = tempDir(t, 'signals');
  const file = path.join(dir, 'in.jsonl');
  const text = jsonLines(LINES);
  fs.writeFileSync(file, text);
  return { file, text };
}

/** runs `args` with `file` on stdin, signals it after its first output, checks the drain */
async function drainsOnSignal(t: Test, args: string[], signal: NodeJS.Signals, cwd?: string): Promise<void> {
  const { file, text } = bigInput(t);
  const fd = fs.openSync(file, 'r');
  t.teardown(() => fs.closeSync(fd));
  const r = start(args, { stdio: [fd, 'pipe', 'pipe'], cwd, stall: true });
  await until(t, 'the first output', () => r.out().length > 0);
  r.child.kill(signal);
  r.child.stdout!.resume();
  const { code, signal: killedBy } = await r.exited;
  t.equal(killedBy, null, 'not killed by the signal');
  t.equal(code, 0, `exit 0 (${r.err()})`);
  const read = readOffset(fd);
  const expected = completeLines(text, read);
  t.ok(r.out().endsWith('\n'), 'no torn last line');
  t.equal(r.out().length, expected.length, `every complete line read (${read} bytes) was written`);
  t.ok(r.out() === expected, 'in order, unchanged');
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  // on one thread, and on two (a stateless query shares its batches with a worker thread)
  for (const threads of ['1', '2']) {
    t.test(`query --threads ${threads}: ${signal} writes everything read and exits 0`, (t) => drainsOnSignal(t, ['query', 'select event from in into out', '--threads', threads], signal));
  }
}

t.test('run: SIGTERM with a stdin source writes everything read and exits 0', (t) => {
  const dir = tempDir(t, 'run-stdin');
  const app = path.join(dir, 'app.troy');
  fs.writeFileSync(app, passApp(STDIO, STDIO));
  return drainsOnSignal(t, ['run', app], 'SIGTERM', dir);
});

t.test('query: a signal flushes open windows as the end of the input does', async (t) => {
  const { file, text } = bigInput(t);
  const fd = fs.openSync(file, 'r');
  t.teardown(() => fs.closeSync(fd));
  // every event also goes to stderr (port err), so the test sees the query at work
  const q = 'define window w from tumbling with size = 100000000 end; select aggr::stats::count() from in[w] into out; select event.i from in into err;';
  const r = start(['query', q], { stdio: [fd, 'pipe', 'pipe'] });
  await until(t, 'the first events', () => r.err().length > 0);
  r.child.kill('SIGTERM');
  const { code } = await r.exited;
  t.equal(code, 0, r.err().slice(-200));
  const read = completeLines(text, readOffset(fd)).split('\n').length - 1;
  t.equal(r.out(), `${read}\n`, 'the open window emitted the count of every complete line read');
});

t.test('run: SIGTERM with a file source: a prefix of complete lines, at least what was seen, exit 0', async (t) => {
  const dir = tempDir(t, 'run-file');
  const { file, text } = bigInput(t);
  const out = path.join(dir, 'out.jsonl');
  const app = path.join(dir, 'app.troy');
  fs.writeFileSync(app, passApp(fileIn(file), fileOut(out)));
  const r = start(['run', app], { cwd: dir });
  const lines = () => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8').split('\n').length - 1 : 0);
  await until(t, 'some output', () => lines() >= 100);
  const seen = lines();
  r.child.kill('SIGTERM');
  const { code } = await r.exited;
  t.equal(code, 0, r.err());
  const got = fs.readFileSync(out, 'utf8');
  t.ok(got.endsWith('\n'), 'no torn last line');
  t.ok(text.startsWith(got), 'a prefix of the input');
  t.ok(got.split('\n').length - 1 >= seen, 'nothing written before the signal was lost');
});
