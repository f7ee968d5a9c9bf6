/**
 * before.yaml and after.yaml, as Tremor's before.rs / after.rs run them: each step is `cmd`
 * with `args` (`$VAR` and `$PWD` substituted) in `dir`, output to before.{out,err}.N.log.
 * A before step's `await` conditions (`port-open`, `wait-for-ms`, `http-ok`, `file-exists`,
 * `status`) are polled every 100 ms up to `max-await-secs`, then `min-await-secs` is waited.
 * `cmd: tremor` is this command line: `run <its .troy args> [--path <copy>/lib]`, with `-p
 * FILE` honoured (the child's pid written there). sh/bash steps without `await` are waited for
 * (≤ 5 s). After steps get ≤ 10 s each.
 */
import path from 'node:path';
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { asList, clip, isDir, isRecord, tailLines, which } from './files.js';
import { httpOk, killGroup, portOpen, waitFor, type Proc, type Processes } from './processes.js';

const AFTER_LIMIT_MS = 10000;
const SCRIPT_WAIT_MS = 5000;
const SHELLS = ['sh', 'bash', 'dash', 'zsh'];

export interface StepRecord {
  phase: 'before' | 'after';
  n: number;
  argv: string[];
  /** relative to the test's copy */
  cwd: string;
  result: string;
}

export interface StepContext {
  /** the test's working copy */
  dir: string;
  /** RUST_LOG and env.yaml: substituted into step arguments */
  vars: Record<string, string>;
  /** the environment of the test's processes */
  env: NodeJS.ProcessEnv;
  /** PATH for helper steps (with the shims) */
  stepPath: string | undefined;
  /** this command line (`node bin/tremor-stream.js`) */
  self: string[];
  /** `--path <copy>/lib` when the test has a lib/ */
  pathArgs: string[];
  processes: Processes;
  timeoutMs: number;
}

export interface BeforeOutcome {
  procs: Proc[];
  steps: StepRecord[];
  /** a step of this command line failed: the test fails */
  failure: string | null;
  /** a helper step failed: the test is skipped (environment) */
  envFailure: string | null;
}

/** Tremor's `$VAR` / `$PWD` substitution in step arguments (target_process.rs) */
export function substitute(args: unknown[], vars: Record<string, string>, cwd: string): string[] {
  return args.map((s) => {
    let x = String(s);
    for (const [k, v] of Object.entries(vars)) x = x.split(`$${k}`).join(v);
    return x.split('$PWD').join(cwd);
  });
}

/** `tremor [-l F] server run [-p PID] [-n] [--debug-connectors] a.troy …` → its troy files and pid file */
export function translateTremorArgs(args: string[]): { troys: string[]; pidFile: string | null; dropped: string[] } {
  const withValue = new Set(['-l', '--logger-config', '-i', '--instance', '-a', '--api-host', '-r', '--recursion-limit']);
  const troys: string[] = [];
  const dropped: string[] = [];
  let pidFile: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const x = args[i];
    if (x === 'server' || x === 'run') continue;
    if (x === '-p' || x === '--pid') pidFile = args[++i] ?? null;
    else if (x.startsWith('--pid=')) pidFile = x.slice(6);
    else if (withValue.has(x)) dropped.push(x, args[++i]);
    else if (x.startsWith('-')) dropped.push(x);
    else troys.push(x);
  }
  return { troys, pidFile, dropped };
}

/** polls a before step's `await` conditions; the reason they did not hold, or null */
async function awaitConditions(p: Proc, conds: Record<string, unknown>, untilMs: number, sdir: string, isSelf: boolean): Promise<string | null> {
  const start = Date.now();
  for (;;) {
    if (Date.now() - start > untilMs) return `did not fulfil ${JSON.stringify(conds)} within ${untilMs / 1000}s`;
    let good = true;
    for (const [k, vs] of Object.entries(conds)) {
      const list = asList(vs).map(String);
      if (k === 'port-open') {
        for (const port of list) if (/^\d+$/.test(port)) good = (await portOpen(Number(port))) && good;
      } else if (k === 'wait-for-ms') {
        good = good && list.length > 0 && Date.now() - start > Number(list[0]);
      } else if (k === 'http-ok') {
        for (const u of list) good = (await httpOk(u, Math.min(untilMs, 5000))) && good;
      } else if (k === 'file-exists') {
        for (const f of list) good = good && fs.existsSync(path.resolve(sdir, f));
      } else if (k === 'status') {
        if (!(await waitFor(p, untilMs - (Date.now() - start)))) good = false;
        else {
          const code = p.code ?? 99;
          if (code !== Number(list[0])) return `exited with ${code}${p.signal ? ` (${p.signal})` : ''}, expected ${list[0]}`;
        }
      }
    }
    if (good) return null;
    if (isSelf && p.exited) return `exited early with ${p.code ?? p.signal} before ${JSON.stringify(conds)} held`;
    await sleep(100);
  }
}

/** runs the before steps in order, up to the first that fails */
export async function runBefore(steps: unknown[], ctx: StepContext): Promise<BeforeOutcome> {
  const out: BeforeOutcome = { procs: [], steps: [], failure: null, envFailure: null };
  for (const [n, st] of steps.entries()) {
    if (!isRecord(st) || !st.cmd) {
      out.failure = `before step ${n}: no cmd`;
      break;
    }
    const sdir = path.resolve(ctx.dir, String(st.dir ?? '.'));
    const senv: NodeJS.ProcessEnv = { ...ctx.env, PATH: ctx.stepPath };
    const svars = { ...ctx.vars };
    for (const [k, v] of Object.entries(isRecord(st.env) ? st.env : {})) {
      if (k === 'TREMOR_PATH') continue;
      senv[k] = String(v);
      svars[k] = String(v);
    }
    const args = substitute(asList(st.args), svars, sdir);
    const isSelf = path.basename(String(st.cmd)) === 'tremor';
    let argv: string[];
    let pidFile: string | null = null;
    if (isSelf) {
      const tr = translateTremorArgs(args);
      argv = [...ctx.self, 'run', ...tr.troys, ...ctx.pathArgs];
      pidFile = tr.pidFile;
    } else argv = [String(st.cmd), ...args];
    const step: StepRecord = { phase: 'before', n, argv, cwd: path.relative(ctx.dir, sdir) || '.', result: 'started' };
    out.steps.push(step);
    const fail = (why: string) => {
      if (isSelf) out.failure = why;
      else out.envFailure = why;
    };
    if (!isDir(sdir)) {
      step.result = 'no folder';
      fail(`before step ${n}: no folder ${st.dir}`);
      break;
    }
    const p = ctx.processes.start(argv, { cwd: sdir, env: senv, out: path.join(ctx.dir, `before.out.${n}.log`), err: path.join(ctx.dir, `before.err.${n}.log`) });
    out.procs.push(p);
    await sleep(0);
    if (p.error) {
      step.result = `could not start: ${p.error.message}`;
      fail(isSelf ? `before step ${n}: could not start ${argv[0]}: ${p.error.message}` : `before step ${n}: could not start ${argv[0]}`);
      break;
    }
    if (pidFile) {
      try {
        fs.writeFileSync(path.resolve(sdir, pidFile), String(p.pid));
      } catch {
        // the step's stop script then finds no pid: its problem, not the runner's
      }
    }
    const conds = isRecord(st.await) ? st.await : null;
    const untilMs = Number(st['max-await-secs'] ?? 0) * 1000;
    let why: string | null = null;
    if (conds) why = await awaitConditions(p, conds, untilMs, sdir, isSelf);
    else if (!isSelf && SHELLS.includes(path.basename(String(st.cmd)))) await waitFor(p, Math.max(untilMs, SCRIPT_WAIT_MS)); // let short helper scripts finish before the test starts
    const minAwait = Number(st['min-await-secs'] ?? 0);
    if (!why && minAwait > 0) await sleep(minAwait * 1000);
    if (why) {
      step.result = why;
      const tail = tailLines(path.join(ctx.dir, `before.err.${n}.log`), 2).join(' | ');
      fail(`before step ${n} (${clip(argv.join(' '), 120)}) ${why}${tail ? ` — stderr: ${clip(tail, 200)}` : ''}`);
      break;
    }
    step.result = p.exited ? `exited ${p.code ?? p.signal}` : 'running';
  }
  return out;
}

/** runs the after steps (each ≤ 10 s); a step whose command is missing is skipped with a note */
export async function runAfter(steps: unknown[], ctx: StepContext, notes: string[]): Promise<StepRecord[]> {
  const records: StepRecord[] = [];
  for (const [n, st] of steps.entries()) {
    if (!isRecord(st) || !st.cmd) continue;
    const sdir = path.resolve(ctx.dir, String(st.dir ?? '.'));
    const cmd = String(st.cmd);
    const stepEnv = isRecord(st.env) ? st.env : {};
    const args = substitute(asList(st.args), { ...ctx.vars, ...Object.fromEntries(Object.entries(stepEnv).map(([k, v]) => [k, String(v)])) }, sdir);
    const step: StepRecord = { phase: 'after', n, argv: [cmd, ...args], cwd: path.relative(ctx.dir, sdir) || '.', result: '' };
    records.push(step);
    if (!which(cmd)) {
      step.result = `skipped: ${cmd} not on PATH`;
      notes.push(`after step ${n} skipped: ${cmd} not on PATH`);
      continue;
    }
    if (!isDir(sdir)) {
      step.result = 'skipped: no folder';
      continue;
    }
    const senv: NodeJS.ProcessEnv = { ...ctx.env, PATH: ctx.stepPath };
    for (const [k, v] of Object.entries(stepEnv)) senv[k] = String(v);
    const p = ctx.processes.start([cmd, ...args], { cwd: sdir, env: senv, out: path.join(ctx.dir, `after.out.${n}.log`), err: path.join(ctx.dir, `after.err.${n}.log`), stdin: Buffer.alloc(0) });
    if (!p.error && !(await waitFor(p, Math.min(AFTER_LIMIT_MS, ctx.timeoutMs)))) {
      killGroup(p);
      await waitFor(p, 2000);
      step.result = 'killed (time limit)';
    } else step.result = p.error ? `could not start: ${p.error.message}` : `exited ${p.code ?? p.signal}`;
    killGroup(p);
  }
  return records;
}
