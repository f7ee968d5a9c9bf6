/**
 * Which lines a lexical error shows, as Tremor's lexer decides it (tremor-script lexer.rs).
 *
 * Tremor highlights the tokens lexed before the error and then the text of the broken token,
 * so nothing after that token is ever shown: this is the diagnostic's `cut`. The broken
 * token's text usually runs to the end of the line where the error ends (`slice_full_lines`);
 * in an extractor it stops at the bad escape; at an unexpected end of input there is no
 * token text at all, so the line stops where the token began. Above the error, the outer span
 * is the error grown by two lines (`expand_lines(2)`); inside a heredoc it reaches back to
 * the heredoc's first line at least, and an unterminated interpolation in a heredoc shows the
 * heredoc from its first line and nothing above.
 */
import type { Diagnostic } from '../base/diagnostics.js';
import type { Source } from '../base/source.js';

/** one token of the token scan: its extent and the scanner rule that matched it */
export interface LexItem {
  start: number;
  end: number;
  /** `tokString`, `tokHereDoc`, `tokExtractor`, … */
  kind: string;
}

export function lexLayout(src: Source, d: Diagnostic, items: readonly LexItem[]): Diagnostic {
  const span = d.span!;
  const item = items.find((i) => i.start <= span.start && span.start < i.end) ?? items.find((i) => i.start <= span.start && span.start <= i.end);
  const eol = endOfLine(src.text, Math.max(span.start, span.end));
  if (d.code === 'L013') return { ...d, contextLines: 2, cut: item ? item.start : span.start };
  if (d.code === 'L011' && item?.kind === 'tokExtractor') return { ...d, contextLines: 2, cut: span.end };
  if (item?.kind === 'tokHereDoc' && item.start < span.start) {
    if (d.code === 'L010') return { ...d, context: src.span(item.start, span.end), cut: eol };
    const line = Math.min(src.position(span.start).line - 2, src.position(item.start).line);
    return { ...d, context: src.span(lineStart(src, line), span.end), cut: eol };
  }
  return { ...d, contextLines: 2, cut: eol };
}

function endOfLine(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

/** the offset where a 1-based line starts (line 1 for lines above the first) */
function lineStart(src: Source, line: number): number {
  const text = src.text;
  let offset = 0;
  for (let n = 1; n < line; n++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) break;
    offset = nl + 1;
  }
  return offset;
}
