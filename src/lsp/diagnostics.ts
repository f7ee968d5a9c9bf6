/**
 * `check`'s diagnostics as the editor shows them: errors and warnings at their spans, with
 * the hint (Tremor's NOTE, a suggestion) after the message. A diagnostic located in another
 * file (a used module) is shown at the start of the document, naming that file.
 */
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CompileError, type Diagnostic } from '../base/diagnostics.js';
import { Source } from '../base/source.js';
import { checkSource } from '../app/check-source.js';
import { TremorError } from '../lang/compile.js';
import type { ModuleLoader } from '../lang/scope.js';

export function documentDiagnostics(doc: TextDocument, file: string, loader: ModuleLoader): LspDiagnostic[] {
  const src = new Source(file, doc.getText());
  let ds: readonly Diagnostic[];
  try {
    ds = checkSource(src, loader);
  } catch (e) {
    if (e instanceof CompileError) ds = e.diagnostics;
    else if (e instanceof TremorError) ds = [e.diagnostic];
    else ds = [{ severity: 'error', message: `internal error: ${(e as Error).message}` } as unknown as Diagnostic];
  }
  return ds.map((d) => {
    const here = d.span && d.span.src.name === file;
    const range = here ? { start: doc.positionAt(d.span!.start), end: doc.positionAt(d.span!.end) } : { start: doc.positionAt(0), end: doc.positionAt(0) };
    const where = d.span && !here ? ` (in ${d.span.src.name})` : '';
    return {
      range,
      severity: d.severity === 'warning' ? 2 : 1,
      code: d.code,
      source: 'tremor',
      message: `${d.message}${where}${d.hint ? `\n${d.hint}` : ''}`,
    };
  });
}
