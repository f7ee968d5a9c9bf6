/**
 * Running one integration (or bench) test, Tremor's procedure (process.rs) with tremor-stream's
 * adaptations:
 *
 * 1. copy the folder to a fresh working copy (assert sources already present are deleted:
 *    a committed output must not satisfy an assertion);
 * 2. rewrite the durations of its troy files and lib/ modules (durations.ts);
 * 3. environment: inherited minus TREMOR_PATH, plus RUST_LOG=info (unless set) and env.yaml;
 * 4. before.yaml (steps.ts);
 * 5. the main process: `<this CLI> run <*.troy, sorted> [--path <copy>/lib]` in the copy,
 *    stdout/stderr to fg.out.log/fg.err.log, the `stdin` file piped in (else an open pipe),
 *    its process group killed after the timeout;
 * 6. before processes get 2 s to end, then after.yaml, then leftovers are killed;
 * 7. assert.yaml (asserts.ts); without one, pass = exit status 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { analyse, type Analysis, type TestCase } from './analyse.js';
import { evaluate, resolveSource, type Outcome } from './asserts.js';
import { rewriteFolder } from './durations.js';
import { asList, isFile, isRecord, tailLines, which } from './files.js';
import { killGroup, waitFor, type Processes } from './processes.js';
import { emptyResult, type Kind, type TestResult, type Verdict } from './result.js';
import { runAfter, runBefore, type StepContext } from './steps.js';

const GRACE_MS = 2000;

/** what every test of a run shares */
export interface RunContext {
  /** this command line: [node, bin/tremor-stream.js] */
  self: string[];
  /** the run's temporary folder (working copies live below it) */
  root: string;
  /** a folder with a `time` shim for helper scripts, when the system has none */
  shims: string | null;
  timeoutMs: number;
  processes: Processes;
}

/** a `time` command for sh scripts when the system lacks one (refresh_keys.sh uses it) */
export function makeShims(root: string): string | null {
  if (which('time')) return null;
  const d = path.join(root, '.shims');
  fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(d, 'time'), '#!/bin/sh\nexec "$@"\n', { mode: 0o755 });
  return d;
}

/** deletes assert sources committed with the test from its copy */
function removeStale(dir: string, a: Analysis, notes: string[]): void {
  for (const as of asList(a.assert?.asserts)) {
    if (!isRecord(as) || as.source === undefined) continue;
    const src = resolveSource(as.source);
    if (src === 'fg.out.log' || src === 'fg.err.log') continue;
    const f = path.resolve(dir, src);
    if (f.startsWith(dir + path.sep) && isFile(f)) {
      fs.rmSync(f);
      notes.push(`removed stale ${src} from the copy before running`);
    }
  }
}

/** runs one test folder as `kind`; never throws for a test's own problems */
export async function runTest(kind: Kind, t: TestCase, ctx: RunContext): Promise<TestResult> {
  const r = emptyResult(kind, t.name);
  const t0 = Date.now();
  const fin = (result: Verdict, reason: string): TestResult => {
    r.result = result;
    r.reason = reason;
    r.durationMs = Date.now() - t0;
    return r;
  };
  let a: Analysis;
  try {
    a = analyse(t);
  } catch (e) {
    return fin('FAIL', `cannot read the test's yaml files: ${e instanceof Error ? e.message.split('\n')[0] : e}`);
  }
  r.klass = a.klass;
  r.notes = a.notes;
  r.known = a.known;
  if (a.skip) return fin('SKIP', a.skip);
  for (const tool of a.tools) if (!which(tool)) return fin('SKIP', `needs ${tool} (not on PATH)`);
  if (a.assertError) return fin('FAIL', `invalid assert.yaml: ${a.assertError}`);

  const dir = path.join(ctx.root, kind, ...t.name.split('/'));
  r.dir = dir;
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  fs.cpSync(t.dir, dir, { recursive: true });
  removeStale(dir, a, r.notes);
  const rw = rewriteFolder(dir, true);
  r.rewrites = rw.rewrites;
  r.rewriteNotes = rw.notes;

  const vars = { RUST_LOG: process.env.RUST_LOG || 'info', ...a.env };
  const env: NodeJS.ProcessEnv = { ...process.env, ...vars };
  delete env.TREMOR_PATH;
  const sctx: StepContext = {
    dir,
    vars,
    env,
    stepPath: ctx.shims ? `${ctx.shims}${path.delimiter}${env.PATH ?? ''}` : env.PATH,
    self: ctx.self,
    pathArgs: a.lib ? ['--path', path.join(dir, 'lib')] : [],
    processes: ctx.processes,
    timeoutMs: ctx.timeoutMs,
  };

  // before.yaml
  const before = await runBefore(a.before, sctx);
  r.steps.push(...before.steps);

  // the test's main process
  const proc: Outcome = { code: null, signal: null, error: null, timedOut: false };
  if (!before.failure && !before.envFailure) {
    const argv = [...ctx.self, 'run', ...a.troys, ...sctx.pathArgs];
    r.command = argv.join(' ');
    const stdin = a.stdin ? fs.readFileSync(path.join(dir, 'stdin')) : 'open';
    const p = ctx.processes.start(argv, { cwd: dir, env, out: path.join(dir, 'fg.out.log'), err: path.join(dir, 'fg.err.log'), stdin });
    if (!p.error && !(await waitFor(p, ctx.timeoutMs))) {
      proc.timedOut = true;
      killGroup(p);
      await waitFor(p, 5000);
    }
    killGroup(p); // stragglers in its process group
    Object.assign(proc, { code: p.code, signal: p.signal, error: p.error });
  }

  // background processes may end on their own, then after.yaml, then cleanup
  const running = before.procs.filter((p) => !p.exited);
  if (running.length && !before.envFailure) await Promise.race([Promise.all(running.map((p) => p.done)), sleep(GRACE_MS)]);
  r.steps.push(...(await runAfter(a.after, sctx, r.notes)));
  for (const p of before.procs) killGroup(p);
  await Promise.race([Promise.all(before.procs.map((p) => p.done)), sleep(3000)]);
  for (const [k, p] of before.procs.entries()) {
    const s = before.steps[k];
    if (s && s.result === 'running') s.result = p.signal ? `killed by the runner (${p.signal})` : `exited ${p.code}`;
  }

  // verdict
  if (before.envFailure) return fin('SKIP', `environment: ${before.envFailure}`);
  if (before.failure) return fin('FAIL', before.failure);
  if (!a.assert) {
    const good = !proc.error && !proc.timedOut && proc.code === 0;
    r.asserts = [{ kind: 'status', source: null, ok: good, detail: good ? 'status 0 (no assert.yaml)' : 'no assert.yaml: expected status 0' }];
    return fin(good ? 'PASS' : 'FAIL', good ? '' : `status: ${proc.timedOut ? 'timed out' : proc.error ? proc.error.message : (proc.code ?? proc.signal)}`);
  }
  r.asserts = evaluate(dir, a.assert, proc, ctx.timeoutMs);
  const bad = r.asserts.filter((x) => !x.ok);
  if (!bad.length) return fin('PASS', '');
  if (!r.asserts[0].ok) r.stderrTail = tailLines(path.join(dir, 'fg.err.log'), 3);
  return fin(
    'FAIL',
    bad
      .slice(0, 2)
      .map((x) => x.detail)
      .join('; ') + (bad.length > 2 ? ` (+${bad.length - 2} more failing)` : ''),
  );
}
