/**
 * Tremor's plain ("Dumb") highlighter, the one layout every diagnostic is printed in
 * (tremor-script/src/highlighter.rs):
 *
 *     Error: ⏎
 *         2 |   case "x" when drop
 *           |                 ^^^^ Found the token `drop` but expected …
 *           |                      NOTE: It looks like you tried to use 'drop' as an ident …
 *         3 |   case _ => "ouch"
 *     ⏎
 *
 * A Tremor error carries two spans. The OUTER span chooses the lines shown: exactly the lines
 * it covers, no more (a parse error's outer span is its token grown by two lines either side,
 * a duplicate definition's is the definition itself). The INNER span chooses the carets: on
 * one line they start at its column, one per character (at least one); over several lines
 * they start at column 1 and run to its end column. The callout follows the line where the
 * inner span ends, or closes the listing when that line is not shown; a hint goes under it,
 * after the carets. The highlighter prints the lexer's tokens rather than the text, so a
 * comment shows as `# text` (src/base/display-lines.ts), and after a lexical error nothing
 * beyond the broken token is shown (`cut`). The header keeps its trailing space and every
 * diagnostic ends with an empty line.
 */
import type { Diagnostic } from './diagnostics.js';
import { columnIndex, type Span } from './source.js';
import { displayLines } from './display-lines.js';

interface Pos {
  line: number;
  column: number;
}

export interface RenderOptions {
  /** the source whose errors get the plain `Error: ` header; errors in other files name theirs */
  main?: Source;
  /** append the diagnostic code, e.g. `[T001]` (off for Tremor-identical text) */
  codes?: boolean;
}

type Source = Span['src'];

/** The header line: `Error: `, `Warning(<class>): `, or Tremor's `Error in file:line:col `. */
function header(d: Diagnostic, opts: RenderOptions, at?: Pos): string {
  const head = d.severity === 'error' ? 'Error' : `Warning(${d.warningClass ?? 'general'})`;
  if (at && opts.main && d.span && d.span.src !== opts.main) return `${head} in ${d.span.src.name}:${at.line}:${at.column} `;
  return `${head}: `;
}

/**
 * Renders a compile-time or run-time diagnostic. One without a position is its message
 * alone, as Tremor prints errors that come from outside the script compiler (a pipeline's
 * window configuration, a deployment).
 */
export function render(d: Diagnostic, opts: RenderOptions = {}): string {
  const message = opts.codes ? `${d.message} [${d.code}]` : d.message;
  if (!d.span) return `${message}${d.hint ? `\nNOTE: ${d.hint}` : ''}\n`;
  const [start] = lineCols(d.span);
  return highlight({ ...d, message }, header(d, opts, start));
}

export function renderAll(ds: readonly Diagnostic[], opts: RenderOptions = {}): string {
  return ds.map((d) => render(d, opts)).join('');
}

/**
 * A runtime error as Tremor writes it into the `error` field of an event on a script's `err`
 * port (`Query::format_error_from_script`); without a position it is `Error: message`.
 */
export function renderRuntime(d: Diagnostic): string {
  if (!d.span) return `Error: ${d.message}`;
  return highlight(d, 'Error: ');
}

/** The listing of a positioned diagnostic under `head` (see the module comment). */
function highlight(d: Diagnostic, head: string): string {
  const span = d.span!;
  const src = span.src;
  const [innerStart, innerEnd] = grow(lineCols(span), d.caretLines ?? 0);
  const [outerStart, outerEnd] = grow(d.context ? lineCols(d.context) : lineCols(span), d.contextLines ?? 0);
  const cut = d.cut === undefined ? undefined : src.position(d.cut);
  const first = Math.max(1, outerStart.line);
  // the empty "line" after a final line break holds no token, so it is never shown
  const lineCount = src.text.endsWith('\n') ? src.lineCount - 1 : src.lineCount;
  const last = Math.min(outerEnd.line, lineCount, cut ? cut.line : Number.POSITIVE_INFINITY);
  const shown = displayLines(src);
  const callout = calloutLines(d, innerStart, innerEnd);
  const out = [head];
  let printed = false;
  let endsWithSource = false;
  for (let n = first; n <= last; n++) {
    const text = cut && n === cut.line ? src.line(n).slice(0, columnIndex(src.line(n), cut.column)) : shown[n - 1];
    out.push(`${String(n).padStart(5)} | ${text}`);
    endsWithSource = true;
    if (!printed && n === innerEnd.line) {
      out.push(...callout);
      printed = true;
      endsWithSource = false;
    }
  }
  if (!printed) {
    out.push(...callout);
    endsWithSource = false;
  }
  // Tremor ends with an empty line, unless the listing ends with the last line of a text
  // without a final line break (that line's missing break is then the one written)
  const bare = endsWithSource && last === lineCount && !src.text.endsWith('\n');
  return `${out.join('\n')}\n${bare ? '' : '\n'}`;
}

/** the caret line and the hint line: carets start at the column, or at 1 over several lines */
function calloutLines(d: Diagnostic, start: Pos, end: Pos): string[] {
  const single = start.line === end.line;
  const col = single ? start.column : 1;
  const len = single ? Math.max(1, end.column - start.column) : Math.max(0, end.column - 1);
  const out = [`      | ${' '.repeat(Math.max(0, col - 1))}${'^'.repeat(len)} ${d.message}`];
  if (d.hint) out.push(`      | ${' '.repeat(col + len)}NOTE: ${d.hint}`);
  return out;
}

/** Tremor's `expand_lines(n)`: the start moves up and the end down by `n` lines, columns kept */
function grow([start, end]: [Pos, Pos], n: number): [Pos, Pos] {
  if (n === 0) return [start, end];
  return [
    { line: Math.max(1, start.line - n), column: start.column },
    { line: end.line + n, column: end.column },
  ];
}

/** line and column of a span's ends; an end just past a line break belongs to that line */
export function lineCols(span: Span): [Pos, Pos] {
  const src = span.src;
  const start = src.position(span.start);
  let end = src.position(Math.max(span.start, span.end));
  if (span.end > span.start && end.column === 1 && end.line > start.line) end = { line: end.line - 1, column: src.line(end.line - 1).length + 1 };
  return [start, end];
}
