/**
 * One `tremor-stream test` run: finds the tests of each kind asked for (discover.ts), runs
 * them one after the other (tests use fixed ports) in working copies under a temporary folder,
 * prints each result as it ends and the summary (report.ts), and writes the JUnit report.
 * SIGINT / SIGTERM kill every process the run started and remove its temporary folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findTests, findUnitSuites, suiteRoot, type Filters } from './discover.js';
import { makeShims, runTest, type RunContext } from './integration.js';
import { junitXml } from './junit.js';
import { Processes } from './processes.js';
import { printSummary, printTest } from './report.js';
import { emptyResult, KINDS, type Kind, type TestResult } from './result.js';
import { selfCommand } from './self.js';
import { runUnitSuite } from './unit.js';

export interface RunOptions {
  kind: Kind | 'all';
  /** the folder holding the tests (absolute) */
  base: string;
  filters: Filters;
  timeoutMs: number;
  junit: string | null;
  verbose: boolean;
  keep: boolean;
}

const write = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** runs the tests; resolves with the exit status (0: nothing failed, 1: a test failed) */
export async function runTests(o: RunOptions): Promise<number> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-test-'));
  const ctx: RunContext = { self: selfCommand(), root, shims: makeShims(root), timeoutMs: o.timeoutMs, processes: new Processes() };
  const cleanup = (): void => {
    ctx.processes.killAll();
    if (!o.keep) fs.rmSync(root, { recursive: true, force: true });
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    cleanup();
    process.stderr.write(`tremor-stream test: interrupted (${sig})\n`);
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const results: TestResult[] = [];
  try {
    const kinds = o.kind === 'all' ? KINDS : [o.kind];
    for (const kind of kinds) {
      const dir = suiteRoot(o.base, kind, o.kind !== 'all');
      if (!dir) continue;
      if (o.kind === 'all') write(`# ${kind}: ${dir}`);
      if (kind === 'unit') {
        for (const t of findUnitSuites(dir, o.filters)) results.push(report(runUnitSuite(t), o));
        continue;
      }
      for (const { test, excluded } of findTests(o.base, dir, o.filters)) {
        if (excluded) {
          const r = emptyResult(kind, test.name);
          r.reason = excluded;
          results.push(report(r, o));
          continue;
        }
        let r: TestResult;
        try {
          r = await runTest(kind, test, ctx);
        } catch (e) {
          ctx.processes.killAll();
          r = emptyResult(kind, test.name);
          r.result = 'FAIL';
          r.reason = `runner error: ${e instanceof Error ? (e.stack ?? e.message) : e}`;
        }
        results.push(report(r, o));
        if (!o.keep && r.dir) {
          fs.rmSync(r.dir, { recursive: true, force: true });
          r.dir = null;
        }
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    cleanup();
  }
  if (!results.length) process.stderr.write(`tremor-stream test: no ${o.kind === 'all' ? '' : `${o.kind} `}tests found in ${o.base}\n`);
  const c = printSummary(results, write);
  if (o.junit) fs.writeFileSync(o.junit, junitXml(results));
  return c.failed ? 1 : 0;
}

function report(r: TestResult, o: RunOptions): TestResult {
  printTest(r, o, write);
  return r;
}
