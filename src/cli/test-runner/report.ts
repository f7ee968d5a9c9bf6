/**
 * The runner's output: one line per test, `PASS  name (1.2s)`, `FAIL  name (0.3s): <first
 * failing assertions>` (plus the tail of the main process's stderr when its exit status was
 * wrong, and known differences), `SKIP  name: <reason>`; `--verbose` adds the command line,
 * the duration rewrites, the before/after steps and every assertion. At the end the skipped
 * tests with their reasons, and as the very last line exactly `N passed, M failed`.
 */
import { clip } from './files.js';
import type { TestResult } from './result.js';

export interface ReportOptions {
  verbose: boolean;
  keep: boolean;
}

type Write = (line: string) => void;

/** the lines of one test's result */
export function printTest(r: TestResult, o: ReportOptions, write: Write): void {
  const secs = `${(r.durationMs / 1000).toFixed(1)}s`;
  if (r.result === 'SKIP') write(`SKIP  ${r.name}: ${r.reason}`);
  else if (r.result === 'PASS') write(`PASS  ${r.name} (${secs})`);
  else {
    write(`FAIL  ${r.name} (${secs}): ${r.reason}`);
    for (const l of r.stderrTail) write(`        stderr| ${clip(l, 200)}`);
    for (const k of r.known) write(`        note: known difference: ${k}`);
  }
  if (o.verbose && r.result !== 'SKIP') {
    if (r.klass) write(`        class: ${r.klass}`);
    if (r.command) write(`        command: ${r.command}  (cwd ${r.dir})`);
    if (r.kind !== 'unit' && !r.rewrites.length) write('        unit rewrites: none');
    for (const w of r.rewrites) write(`        rewrite ${w.file}:${w.line} ${w.what}: ${w.from} -> ${w.to}`);
    for (const n of r.rewriteNotes) write(`        rewrite note ${n}`);
    for (const s of r.steps) write(`        ${s.phase} ${s.n}: ${clip(s.argv.join(' '), 160)} (in ${s.cwd}): ${s.result}`);
    for (const n of r.notes) write(`        note: ${n}`);
    for (const x of r.asserts) write(`        ${x.ok ? 'ok  ' : 'FAIL'} ${x.detail}`);
  }
  if (o.keep && r.dir) write(`        kept: ${r.dir}`);
}

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export function counts(results: readonly TestResult[]): Counts {
  return {
    passed: results.filter((r) => r.result === 'PASS').length,
    failed: results.filter((r) => r.result === 'FAIL').length,
    skipped: results.filter((r) => r.result === 'SKIP').length,
  };
}

/** the skipped tests with their reasons, then the last line `N passed, M failed` */
export function printSummary(results: readonly TestResult[], write: Write): Counts {
  const c = counts(results);
  if (c.skipped) {
    write(`skipped: ${c.skipped}`);
    for (const r of results) if (r.result === 'SKIP') write(`  ${r.name}: ${r.reason}`);
  }
  write(`${c.passed} passed, ${c.failed} failed`);
  return c;
}
