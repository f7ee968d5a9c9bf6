/**
 * The processes of a test run: each one in its own process group (so that a timeout, the end
 * of a test or an interrupted run kills everything it started), stdout and stderr to files,
 * stdin an open pipe (as Tremor's) or a buffer written then closed. `Processes` keeps the live
 * ones of one run; plus the polls of before-step conditions (a port, an HTTP URL).
 */
import fs from 'node:fs';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';

/** a started process; `done` resolves once it has exited (or could not start) */
export class Proc {
  exited = false;
  code: number | null = null;
  signal: NodeJS.Signals | null = null;
  error: Error | null = null;
  readonly done: Promise<Proc>;

  constructor(
    readonly argv: string[],
    readonly child: ChildProcess | null,
    startError: Error | null = null,
  ) {
    if (!child) {
      this.error = startError;
      this.exited = true;
      this.done = Promise.resolve(this);
      return;
    }
    this.done = new Promise((resolve) => {
      child.on('error', (e) => {
        this.error = e;
        this.exited = true;
        resolve(this);
      });
      child.on('exit', (code, signal) => {
        this.code = code;
        this.signal = signal;
        this.exited = true;
        resolve(this);
      });
    });
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }
}

export interface StartOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** files for stdout and stderr */
  out: string;
  err: string;
  /** written to stdin which is then closed; 'open': a pipe kept open */
  stdin?: Buffer | 'open';
}

/** kills a process's whole group */
export function killGroup(p: Proc | null, sig: NodeJS.Signals = 'SIGKILL'): void {
  if (!p?.child?.pid) return;
  try {
    process.kill(-p.child.pid, sig);
  } catch {
    // gone
  }
}

/** true when the process exited within `ms` */
export async function waitFor(p: Proc, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  const r = await Promise.race([p.done.then(() => true), timeout]);
  clearTimeout(timer);
  return r;
}

/** the live processes of one run */
export class Processes {
  private readonly live = new Set<Proc>();

  /** spawns `argv` in its own process group */
  start(argv: string[], o: StartOptions): Proc {
    const outFd = fs.openSync(o.out, 'w');
    const errFd = fs.openSync(o.err, 'w');
    let p: Proc;
    try {
      p = new Proc(argv, spawn(argv[0], argv.slice(1), { cwd: o.cwd, env: o.env, stdio: ['pipe', outFd, errFd], detached: true }));
    } catch (e) {
      return new Proc(argv, null, e instanceof Error ? e : new Error(String(e)));
    } finally {
      fs.closeSync(outFd);
      fs.closeSync(errFd);
    }
    this.live.add(p);
    void p.done.then(() => this.live.delete(p));
    const stdin = p.child?.stdin;
    stdin?.on('error', () => {
      // EPIPE when the process does not read
    });
    if (Buffer.isBuffer(o.stdin)) stdin?.end(o.stdin);
    return p;
  }

  /** kills the groups of every live process */
  killAll(): void {
    for (const p of this.live) killGroup(p);
  }
}

/** true when something accepts TCP connections on 127.0.0.1:port */
export function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** true when a GET of `url` answers 2xx within `ms` */
export async function httpOk(url: string, ms: number): Promise<boolean> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(Math.max(100, ms)) });
    return r.ok;
  } catch {
    return false;
  }
}
