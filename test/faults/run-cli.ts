/**
 * Spawning the built command line for the fault tests, and watching it without timing: a
 * child's output is collected as it comes, `until` waits for conditions on it, and `exited`
 * resolves with how it ended. `readOffset` tells how far a child has read a file given as its
 * stdin (the open file description is shared, so its offset is the child's read position).
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Test } from 'tap';
import { root } from '../root.js';

/** the built CLI (`TREMOR_STREAM_CLI` may name another build, e.g. to see these tests fail on an older one) */
export const cli = process.env.TREMOR_STREAM_CLI ?? path.join(root, 'bin/tremor-stream.js');

export interface Running {
  child: ChildProcess;
  /** stdout so far (empty when stdout is not a pipe) */
  out(): string;
  err(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the CLI. With `stall`, the test stops reading stdout at its first chunk (until it
 * calls `child.stdout.resume()`): the child then fills the pipe and stalls on backpressure.
 */
export function start(args: string[], opts: { stdio?: StdioOptions; cwd?: string; stall?: boolean } = {}): Running {
  const child = spawn(process.execPath, [cli, ...args], { stdio: opts.stdio ?? ['pipe', 'pipe', 'pipe'], cwd: opts.cwd });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    if (opts.stall && out === '') child.stdout!.pause();
    out += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return { child, out: () => out, err: () => err, exited };
}

export function tempDir(t: Test, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tremor-faults-${name}-`));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** the read position of open file `fd` of this process (Linux: /proc/self/fdinfo) */
export function readOffset(fd: number): number {
  const m = /^pos:\s+(\d+)/m.exec(fs.readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
  if (!m) throw new Error(`no position for fd ${fd}`);
  return Number(m[1]);
}

/** `n` JSON lines `{"i":…,"pad":…}`, each distinct, as text */
export function jsonLines(n: number, from = 0): string {
  let s = '';
  for (let i = from; i < from + n; i++) s += `{"i":${i},"pad":"${'x'.repeat(40)}"}\n`;
  return s;
}

/** the complete lines among the first `bytes` bytes of `text` (ASCII) */
export function completeLines(text: string, bytes: number): string {
  const head = text.slice(0, bytes);
  return head.slice(0, head.lastIndexOf('\n') + 1);
}

/** a troy app: `source` connector (its definition) → passthrough → `sink` connector */
export function passApp(source: string, sink: string): string {
  return `define flow main
flow
  define connector input from ${source} end;
  define connector output from ${sink} end;
  define pipeline pass pipeline select event from in into out; end;
  create connector input;
  create connector output;
  create pipeline pass;
  connect /connector/input to /pipeline/pass;
  connect /pipeline/pass to /connector/output;
end;
deploy flow main;
`;
}

export const STDIO = 'stdio with codec = "json", preprocessors = ["separate"], postprocessors = ["separate"]';
export const fileIn = (p: string) => `file with codec = "json", preprocessors = ["separate"], config = {"path": ${JSON.stringify(p)}, "mode": "read"}`;
export const fileOut = (p: string) => `file with codec = "json", postprocessors = ["separate"], config = {"path": ${JSON.stringify(p)}, "mode": "truncate"}`;
