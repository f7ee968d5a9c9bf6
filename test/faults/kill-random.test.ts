/**
 * Killing a `run` at random points (issue "Reliability"): file → pipeline → file, signalled
 * once the output holds a seeded random number of lines.
 * - SIGTERM: exit 0, the output is a prefix of the expected output made of complete lines,
 *   and holds at least what it held when the signal was sent (what was read is written).
 * - SIGKILL: the output is a prefix of the expected output (its last line may be torn: the
 *   process died in the middle of a write).
 * A few seeds each; a failure names its seed (`SEED=n` reruns that one alone).
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { until } from '../until.js';
import { fileIn, fileOut, jsonLines, passApp, start, tempDir } from './run-cli.js';
import { random } from '../random.js';

const LINES = 150_000;
const SEEDS = process.env.SEED ? [Number(process.env.SEED)] : [1, 2, 3];

t.test('SIGTERM and SIGKILL at seeded random points of file → pipeline → file', async (t) => {
  const dir = tempDir(t, 'kill');
  const input = path.join(dir, 'in.jsonl');
  const expected = jsonLines(LINES);
  fs.writeFileSync(input, expected);
  for (const seed of SEEDS) {
    const rnd = random(seed);
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      const at = 1 + Math.floor(rnd() * (LINES / 3));
      const what = `seed ${seed}, ${signal} after ${at} lines`;
      const out = path.join(dir, `out-${seed}-${signal}.jsonl`);
      const app = path.join(dir, `app-${seed}-${signal}.troy`);
      fs.writeFileSync(app, passApp(fileIn(input), fileOut(out)));
      const r = start(['run', app], { cwd: dir });
      let finished = false;
      void r.exited.then(() => (finished = true));
      const lines = () => (fs.existsSync(out) ? fs.readFileSync(out, 'utf8').split('\n').length - 1 : 0);
      await until(t, `${what}: the output to reach the point`, () => finished || lines() >= at);
      const seen = lines();
      r.child.kill(signal);
      const { code } = await r.exited;
      const got = fs.readFileSync(out, 'utf8');
      t.ok(expected.startsWith(got), `${what}: the output is a prefix of the expected output`);
      if (signal === 'SIGTERM') {
        t.equal(code, 0, `${what}: exit 0 ${r.err()}`);
        t.ok(got.endsWith('\n'), `${what}: no torn last line`);
        t.ok(got.split('\n').length - 1 >= seen, `${what}: at least the ${seen} lines seen before the signal`);
      }
    }
  }
});
