/**
 * Printing diagnostics and errors for the command line.
 */
import { CompileError, render, type Diagnostic } from '../base/diagnostics.js';
import { TremorError } from '../lang/compile.js';
import type { Source } from '../base/source.js';

export function printDiagnostics(ds: readonly Diagnostic[], main?: Source): void {
  for (const d of ds) process.stderr.write(render(d, { main }));
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
