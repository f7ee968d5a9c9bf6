/**
 * `tremor-stream fmt`: a formatter for tremor-script, trickle and troy that never changes what
 * a program means. It works on tokens (the grammar's own token scanner, syntaxerror.ts): only
 * the white space between tokens changes, comments are kept where they were, so the program
 * parses to the same tree by construction.
 *
 * - Line breaks are the author's (two or more blank lines become one); trailing spaces go.
 * - Indentation, two spaces per level, follows the structure: brackets; blocks opened by
 *   `of` (match, for, patch, merge, `fn … of`) or by `with` after a function's parameters,
 *   closed by `end`; the sections of a `define` (`args`, `state`, `script`, `pipeline`,
 *   `flow`, `with`), closed by the next section or `end`; and the arms of a block (`case`,
 *   `default`). A line that starts by closing something (`)`, `end`, the next `case`) is
 *   indented as the line that opened it.
 * - Within a line: one space where the author had white space and after `,` and `;`, none
 *   after `(`, `[`, `{` or before `)`, `]`, `}`, `,`, `;`, nor around `.` and `::` — never
 *   where it would join two tokens into one.
 * Formatting a formatted program gives it back unchanged (both depend only on the tokens and
 * the author's line breaks).
 */
import { Source } from '../base/source.js';
import { CompileError } from '../base/diagnostics.js';
import { scanTokens } from './syntaxerror.js';

type FrameKind = 'bracket' | 'block' | 'define' | 'section' | 'case';

interface Frame {
  kind: FrameKind;
  /** the indent of the line the frame was opened on */
  indent: number;
  /** define: its kind (`script`, `pipeline` …) and whether its last section has begun */
  what?: string;
  final?: boolean;
}

const OPEN = new Set(['(', '[', '{', '%{', '%[', '%(']);
const CLOSE = new Set([')', ']', '}']);
/** the sections of each kind of definition; the last one listed is the body */
const SECTIONS: Record<string, readonly string[]> = {
  script: ['args', 'state', 'script'],
  pipeline: ['args', 'pipeline'],
  flow: ['args', 'flow'],
  connector: ['args', 'with'],
  operator: ['args', 'with'],
  window: ['with', 'state', 'tick', 'script'],
};
const NO_SPACE_AFTER = new Set(['(', '[', '{', '%{', '%[', '%(', '.', '::']);
const NO_SPACE_BEFORE = new Set([')', ']', '}', ',', ';', '.', '::']);

interface Tok {
  start: number;
  end: number;
  text: string;
}

/** formats a program; throws CompileError when it does not scan (a lexical error) */
export function format(text: string, name = '<input>'): string {
  const src = new Source(name, text);
  const { tokens, lexError } = scanTokens(src);
  if (lexError) throw new CompileError([lexError]);
  const lines: string[] = [];
  const frames: Frame[] = [];
  let line = '';
  let lineIndent = 0;
  let atLineStart = true;
  let prev: Tok | null = null;
  let prevWord = '';

  const top = () => frames[frames.length - 1];
  const innerIndent = () => {
    const f = top();
    if (!f) return 0;
    return f.kind === 'define' ? f.indent : f.indent + 1;
  };
  const flush = () => {
    lines.push(line.replace(/[ \t]+$/, ''));
    line = '';
  };
  const newLines = (n: number) => {
    if (n === 0) return;
    flush();
    for (let i = 1; i < Math.min(n, 2); i++) lines.push('');
    atLineStart = true;
  };
  const emit = (s: string, spaceBefore: boolean) => {
    if (atLineStart) {
      line = '  '.repeat(lineIndent) + s;
      atLineStart = false;
    } else line += (spaceBefore ? ' ' : '') + s;
  };
  /** closes what `t` closes (before its line's indent is known) */
  const closes = (t: string): void => {
    if (CLOSE.has(t)) {
      while (frames.length && top().kind !== 'bracket') frames.pop();
      frames.pop();
    } else if (t === 'end') {
      while (frames.length && top().kind === 'case') frames.pop();
      if (top()?.kind === 'section') frames.pop();
      if (top()?.kind === 'define' || top()?.kind === 'block') frames.pop();
    } else if (t === 'case' || t === 'default') {
      if (top()?.kind === 'case') frames.pop();
    } else if (isSection(t)) {
      if (top()?.kind === 'section') frames.pop();
    }
  };
  const isSection = (t: string): boolean => {
    const f = top();
    const define = f?.kind === 'define' ? f : f?.kind === 'section' ? frames[frames.length - 2] : undefined;
    if (define?.kind !== 'define' || define.final) return false;
    return (SECTIONS[define.what ?? ''] ?? []).includes(t) && prevWord !== 'define' && prevWord !== 'create';
  };
  /** opens what `t` opens, on a line indented `indent` */
  const opens = (t: string, indent: number, section: boolean): void => {
    if (OPEN.has(t)) frames.push({ kind: 'bracket', indent });
    else if (t === 'of' || (t === 'with' && prev?.text === ')')) frames.push({ kind: 'block', indent });
    else if ((t === 'case' || t === 'default') && top()?.kind === 'block') frames.push({ kind: 'case', indent });
    else if (section) {
      const define = top() as Frame;
      const kinds = SECTIONS[define.what ?? ''] ?? [];
      if (t === kinds[kinds.length - 1]) define.final = true;
      frames.push({ kind: 'section', indent });
    } else if (prevWord === 'define' && t in SECTIONS) frames.push({ kind: 'define', indent, what: t, final: false });
    else if (t === ';') {
      // a definition without sections (`define connector c from metronome;`) ends here
      while (top()?.kind === 'define' && !top()?.final) frames.pop();
    }
  };

  const empty = () => lines.length === 0 && atLineStart;
  /** the comments in the white space before `end`; returns the line breaks after the last */
  const gapComments = (from: number, end: number): { breaks: number; spaced: boolean } => {
    let breaks = 0;
    const parts = text.slice(from, end).split('\n');
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) breaks++;
      const hash = parts[i].indexOf('#');
      if (hash < 0) continue;
      if (!empty()) newLines(breaks);
      breaks = 0;
      const comment = parts[i].slice(hash).replace(/\s+$/, '');
      if (atLineStart) lineIndent = innerIndent();
      emit(comment, true);
    }
    return { breaks, spaced: end > from };
  };

  for (const tok of tokens as Tok[]) {
    const { breaks, spaced } = gapComments(prev ? prev.end : 0, tok.start);
    if (!empty()) newLines(breaks);
    const t = tok.text;
    const section = isSection(t);
    const startsLine = atLineStart;
    closes(t);
    if (startsLine) {
      lineIndent = innerIndent();
      emit(t, false);
    } else {
      const after = prev?.text ?? '';
      const space = (spaced || after === ',' || after === ';') && !NO_SPACE_BEFORE.has(t) && !NO_SPACE_AFTER.has(after);
      emit(t, space || (spaced && joins(prev?.text ?? '', t)));
    }
    opens(t, lineIndent, section);
    prev = tok;
    if (/^[A-Za-z_`]/.test(t)) prevWord = t;
    else if (t !== '::') prevWord = '';
  }
  gapComments(prev ? prev.end : 0, text.length);
  if (line !== '' || !atLineStart) flush();
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** whether two tokens written without a space would read as something else */
function joins(a: string, b: string): boolean {
  if (a === '' || b === '') return false;
  const word = /[A-Za-z0-9_`]$/.test(a) && /^[A-Za-z0-9_`]/.test(b);
  const punct = /[-+*/%<>=!~&|^:.]$/.test(a) && /^[-+*/%<>=!~&|^:.]/.test(b);
  return word || punct;
}
