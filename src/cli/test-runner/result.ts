/**
 * The result of one test, as printed (report.ts) and written to the JUnit report (junit.ts).
 */
import type { AssertResult } from './asserts.js';
import type { FileRewrite } from './durations.js';
import type { StepRecord } from './steps.js';

export type Kind = 'integration' | 'bench' | 'unit';
export const KINDS: readonly Kind[] = ['integration', 'bench', 'unit'];

export type Verdict = 'PASS' | 'FAIL' | 'SKIP';

export interface TestResult {
  kind: Kind;
  name: string;
  /** runnable-local, needs-second-process, skipped-docker (null: not analysed) */
  klass: string | null;
  result: Verdict;
  /** why it failed or was skipped ('' for a pass) */
  reason: string;
  durationMs: number;
  /** the main process's command line */
  command: string | null;
  asserts: AssertResult[];
  rewrites: FileRewrite[];
  rewriteNotes: string[];
  steps: StepRecord[];
  notes: string[];
  /** deliberate differences of tremor-stream the expectations depend on */
  known: string[];
  /** the test's working copy (while it exists) */
  dir: string | null;
  /** the end of the main process's stderr when its exit status was wrong */
  stderrTail: string[];
}

/** a result with nothing run yet */
export function emptyResult(kind: Kind, name: string): TestResult {
  return { kind, name, klass: null, result: 'SKIP', reason: '', durationMs: 0, command: null, asserts: [], rewrites: [], rewriteNotes: [], steps: [], notes: [], known: [], dir: null, stderrTail: [] };
}
