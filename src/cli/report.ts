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
