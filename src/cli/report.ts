/**
 * Printing diagnostics and errors for the command line.
 */
import { CompileError, warningOrder, type Diagnostic } from '../base/diagnostics.js';
import { render } from '../base/highlight.js';
import { TremorError } from '../lang/compile.js';
import type { Source } from '../base/source.js';

/** prints diagnostics in Tremor's layout; warnings in Tremor's order (class, then position) */
export function printDiagnostics(ds: readonly Diagnostic[], main?: Source): void {
  const errors = ds.filter((d) => d.severity === 'error');
  for (const d of [...warningOrder(ds.filter((d) => d.severity === 'warning')), ...errors]) process.stderr.write(render(d, { main }));
}

/** prints a compile or runtime error; returns false for anything else (a bug) */
export function printError(e: unknown, main?: Source): boolean {
  if (e instanceof CompileError) {
    printDiagnostics(e.diagnostics, main);
    return true;
  }
  if (e instanceof TremorError) {
    printDiagnostics([e.diagnostic], main);
    return true;
  }
  return false;
}

/** `--deny-warnings`: when there were warnings, says so and tells the caller to fail (exit 1) */
export function denied(warnings: readonly Diagnostic[], deny: boolean, what: string): boolean {
  if (!deny || warnings.length === 0) return false;
  process.stderr.write(`tremor-stream: ${what}: ${warnings.length} warning${warnings.length === 1 ? '' : 's'} and --deny-warnings\n`);
  return true;
}
