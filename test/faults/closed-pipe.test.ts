/**
 * Output failures (issue "Reliability", rows 4 and 5; DECISIONS.md, Input and output policy):
 * a closed output pipe (`… | head -1`) ends `query` and `run` quietly, at once, with status 0;
 * any other output error (/dev/full: ENOSPC) exits 3 with one line naming it, no stack.
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { until } from '../until.js';
import { jsonLines, passApp, start, STDIO, tempDir } from './run-cli.js';

function input(t: Parameters<typeof tempDir>[0]): number {
  const dir = tempDir(t, 'pipe');
  const file = path.join(dir, 'in.jsonl');
  fs.writeFileSync(file, jsonLines(200_000));
  const fd = fs.openSync(file, 'r');
  t.teardown(() => fs.closeSync(fd));
  return fd;
}

function app(t: Parameters<typeof tempDir>[0]): string {
  const file = path.join(tempDir(t, 'app'), 'app.troy');
  fs.writeFileSync(file, passApp(STDIO, STDIO));
  return file;
}

const commands = (t: Parameters<typeof tempDir>[0]): [string, string[]][] => [
  ['query', ['query', 'select event from in into out']],
  ['run', ['run', app(t)]],
];

t.test('a closed output pipe ends the process quietly with 0', async (t) => {
  for (const [name, args] of commands(t)) {
    const r = start(args, { stdio: [input(t), 'pipe', 'pipe'] });
    await until(t, `${name}: the first output`, () => r.out().length > 0);
    // the reader goes away, as `head -1` does
    r.child.stdout!.destroy();
    const { code, signal } = await r.exited;
    t.equal(signal, null, `${name}: not killed`);
    t.equal(code, 0, `${name}: exit 0`);
    t.equal(r.err(), '', `${name}: nothing on stderr`);
  }
});

t.test('an output that fails (/dev/full) exits 3 with one line', async (t) => {
  for (const [name, args] of commands(t)) {
    const full = fs.openSync('/dev/full', 'w');
    const r = start(args, { stdio: [input(t), full, 'pipe'] });
    const { code } = await r.exited;
    fs.closeSync(full);
    t.equal(code, 3, `${name}: exit 3`);
    const lines = r.err().trimEnd().split('\n');
    t.equal(lines.length, 1, `${name}: one line: ${r.err()}`);
    t.match(lines[0], /ENOSPC/, `${name}: the reason`);
    t.notMatch(r.err(), /\n\s+at /, `${name}: no stack`);
  }
});

t.test('query --out /dev/full exits 3 naming the file', async (t) => {
  const r = start(['query', 'select event from in into out', '--out', '/dev/full'], { stdio: [input(t), 'pipe', 'pipe'] });
  const { code } = await r.exited;
  t.equal(code, 3);
  t.equal(r.err(), 'tremor-stream: cannot write /dev/full: ENOSPC: no space left on device, write\n');
});
