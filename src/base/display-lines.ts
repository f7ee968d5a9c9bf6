/**
 * The source lines as Tremor's highlighter prints them. It prints the lexer's tokens, not the
 * text, and tokens print as the lexer understood them; the one difference a reader sees is
 * comments: `# note` prints as `#  note` (`# ` and the text after the `#`), `## doc` as
 * `##  doc`, `### module doc` as `###  module doc`. Everything else prints as written.
 *
 * Finding comments needs a small scan of the whole text: a `#` inside a string, a heredoc,
 * a quoted identifier or an extractor (`re|#x|`) is not one, while code inside a string
 * interpolation (`"#{ … }"`) is code again. `#!` starts a directive, not a comment.
 */
import { columnIndex, type Source } from './source.js';

type Mode = 'code' | 'string' | 'heredoc';

interface Comment {
  start: number;
  end: number;
}

/** the displayed text of every line of `src`, indexed from 0 */
export function displayLines(src: Source): string[] {
  const text = src.text;
  const comments = findComments(text);
  const lines: string[] = [];
  for (let n = 1; n <= src.lineCount; n++) lines.push(src.line(n));
  if (comments.length === 0) return lines;
  for (const c of comments) {
    const { line, column } = src.position(c.start);
    const body = text.slice(c.start, c.end).replace(/\r$/, '');
    const lineText = lines[line - 1];
    const at = columnIndex(lineText, column);
    lines[line - 1] = lineText.slice(0, at) + displayComment(body);
  }
  return lines;
}

/** `###x` → `### x`, `##x` → `## x`, `#x` → `# x` (the lexer's token display) */
function displayComment(body: string): string {
  if (body.startsWith('###')) return `### ${body.slice(3)}`;
  if (body.startsWith('##')) return `## ${body.slice(2)}`;
  return `# ${body.replace(/^#+/, '')}`;
}

/** the offsets of the comments of a source text (see the module comment) */
function findComments(text: string): Comment[] {
  const out: Comment[] = [];
  const stack: { mode: Mode; depth: number }[] = [{ mode: 'code', depth: 0 }];
  let i = 0;
  while (i < text.length) {
    const top = stack[stack.length - 1];
    const ch = text[i];
    if (top.mode === 'code') {
      i = scanCode(text, i, stack, out);
      continue;
    }
    if (ch === '\\') i += 2;
    else if (ch === '#' && text[i + 1] === '{') {
      stack.push({ mode: 'code', depth: 0 });
      i += 2;
    } else if (top.mode === 'heredoc' && text.startsWith('"""', i)) {
      stack.pop();
      i += 3;
    } else if (top.mode === 'string' && (ch === '"' || ch === '\n')) {
      stack.pop();
      i++;
    } else i++;
  }
  return out;
}

/** one step in code: returns the next offset, pushing and popping modes, recording comments */
function scanCode(text: string, i: number, stack: { mode: Mode; depth: number }[], out: Comment[]): number {
  const top = stack[stack.length - 1];
  const ch = text[i];
  if (ch === '#' && text[i + 1] !== '!') {
    const nl = text.indexOf('\n', i);
    const end = nl < 0 ? text.length : nl;
    out.push({ start: i, end });
    return end;
  }
  if (ch === '"') {
    const heredoc = text.startsWith('"""', i);
    stack.push({ mode: heredoc ? 'heredoc' : 'string', depth: 0 });
    return i + (heredoc ? 3 : 1);
  }
  if (ch === '`') return skipTo(text, i + 1, '`');
  if (ch === '|' && i > 0 && /[\p{L}\p{N}_]/u.test(text[i - 1])) return skipTo(text, i + 1, '|');
  if (ch === '{') top.depth++;
  if (ch === '}') {
    if (top.depth === 0 && stack.length > 1) stack.pop();
    else top.depth--;
  }
  return i + 1;
}

/** the offset after the closing `close` (escapes skipped), or the end of the line */
function skipTo(text: string, i: number, close: string): number {
  while (i < text.length && text[i] !== '\n') {
    if (text[i] === '\\') i += 2;
    else if (text[i] === close) return i + 1;
    else i++;
  }
  return i;
}
