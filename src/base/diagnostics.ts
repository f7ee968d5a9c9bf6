/**
 * Diagnostics are data: a code from the catalog, a message, the span to underline, an
 * optional enclosing span shown as context, and an optional hint. They are collected by the
 * compiler stages and rendered once, in Tremor's plain layout:
 *
 *     Error:
 *         3 | let a = 1 +
 *           |         ^^^ message
 *           |             NOTE: hint
 *
 * For a span over several lines the carets go under the last line, starting at column 1, as
 * Tremor does.
 */
import type { Code } from './codes.js';
import type { Source, Span } from './source.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  /** an enclosing range (a statement, a definition) whose lines are shown above the carets */
  readonly context?: Span;
  readonly hint?: string;
  /** Tremor's warning class: `performance`, `behaviour`, `consistency` */
  readonly warningClass?: string;
}

export function error(code: Code, message: string, span?: Span, hint?: string, context?: Span): Diagnostic {
  return { code, severity: 'error', message, span, hint, context };
}

export function warning(code: Code, warningClass: string, message: string, span?: Span, hint?: string): Diagnostic {
  return { code, severity: 'warning', warningClass, message, span, hint };
}

/** Thrown by the compiler stages; carries every diagnostic collected so far. */
export class CompileError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
    this.name = 'CompileError';
  }

  get first(): Diagnostic {
    return this.diagnostics[0];
  }
}

/** A runtime failure located in the source: what scripts report and queries route. */
export class TremorError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'TremorError';
  }
}

export function fail(code: Code, message: string, span?: Span, hint?: string, context?: Span): never {
  throw new CompileError([error(code, message, span, hint, context)]);
}

export interface RenderOptions {
  /** the source whose errors get the plain `Error:` header; others name their file */
  main?: Source;
  /** append the diagnostic code, e.g. `[T001]` (off for Tremor-identical text) */
  codes?: boolean;
}

export function render(d: Diagnostic, opts: RenderOptions = {}): string {
  const head = d.severity === 'error' ? 'Error' : `Warning(${d.warningClass ?? 'general'})`;
  const message = opts.codes ? `${d.message} [${d.code}]` : d.message;
  if (!d.span) return `${head}: ${message}${d.hint ? `\n  NOTE: ${d.hint}` : ''}\n`;
  const src = d.span.src;
  const start = src.position(d.span.start);
  const end = src.position(Math.max(d.span.start, d.span.end));
  // an end offset just past a line break belongs to the previous line
  let endLine = end.line;
  let endCol = end.column;
  if (d.span.end > d.span.start && endCol === 1 && endLine > start.line) {
    endLine -= 1;
    endCol = src.line(endLine).length + 1;
  }
  const caretCol = endLine === start.line ? start.column : 1;
  const caretLen = Math.max(1, endCol - caretCol);
  const header = opts.main && src !== opts.main ? `${head} in ${src.name}:${endLine}:${caretCol}: ` : `${head}: `;
  let first = Math.max(1, endLine - 2);
  if (d.context) first = Math.max(1, Math.min(first, src.position(d.context.start).line));
  let last = Math.min(src.lineCount, endLine + 2);
  while (last > endLine && src.line(last).trim() === '' && last === src.lineCount) last--;
  const out = [header];
  const gutter = (n: number) => `${String(n).padStart(5)} | `;
  const blank = '      | ';
  for (let n = first; n <= endLine; n++) out.push(gutter(n) + src.line(n));
  const pad = ' '.repeat(caretCol - 1);
  const lines = message.split('\n');
  out.push(`${blank}${pad}${'^'.repeat(caretLen)} ${lines[0]}`);
  const indent = ' '.repeat(caretCol - 1 + caretLen + 1);
  for (const l of lines.slice(1)) out.push(`${blank}${indent}${l}`);
  if (d.hint) out.push(`${blank}${indent}NOTE: ${d.hint}`);
  for (let n = endLine + 1; n <= last; n++) out.push(gutter(n) + src.line(n));
  return out.map((l) => l.replace(/\s+$/, '')).join('\n') + '\n';
}

export function renderAll(ds: readonly Diagnostic[], opts: RenderOptions = {}): string {
  return ds.map((d) => render(d, opts)).join('\n');
}

/**
 * A runtime error as Tremor writes it into the `error` field of an event on a script's `err`
 * port (tremor-script's plain highlighter, `Query::format_error_from_script`):
 *
 *     Error: ⏎
 *        11 |       let event["new"] = event.foo_script;
 *           |                                ^^^^^^^^^^ Trying to access a non existing event key `foo_script`
 *     ⏎
 *
 * Unlike `render` it shows exactly the lines of the error's outer span (`context`, else the
 * span itself) with no extra context, keeps the source lines as written (trailing spaces
 * too), puts the callout right after the line where the span ends (lines of the outer span
 * below it follow the callout), keeps the header's trailing space and ends with an empty
 * line. Without a position it is `Error: message`.
 */
export function renderRuntime(d: Diagnostic): string {
  if (!d.span) return `Error: ${d.message}`;
  const src = d.span.src;
  const [start, end] = lineCols(d.span);
  const [outerStart, outerEnd] = lineCols(d.context ?? d.span);
  // a span over several lines is underlined on its last line from column 1, as Tremor does
  const col = start.line === end.line ? start.column : 1;
  const len = start.line === end.line ? Math.max(1, end.column - start.column) : Math.max(0, end.column - 1);
  let callout = `      | ${' '.repeat(col - 1)}${'^'.repeat(len)} ${d.message}\n`;
  if (d.hint) callout += `      | ${' '.repeat(col + len)}NOTE: ${d.hint}\n`;
  let out = 'Error: \n';
  let printed = false;
  for (let n = outerStart.line; n <= Math.min(outerEnd.line, src.lineCount); n++) {
    if (!printed && n === end.line + 1) {
      out += callout;
      printed = true;
    }
    out += `${String(n).padStart(5)} | ${src.line(n)}\n`;
  }
  if (!printed) out += callout;
  return out + '\n';
}

/** line and column of a span's ends; an end just past a line break belongs to that line */
function lineCols(span: Span): [{ line: number; column: number }, { line: number; column: number }] {
  const src = span.src;
  const start = src.position(span.start);
  let end = src.position(Math.max(span.start, span.end));
  if (span.end > span.start && end.column === 1 && end.line > start.line) end = { line: end.line - 1, column: src.line(end.line - 1).length + 1 };
  return [start, end];
}
