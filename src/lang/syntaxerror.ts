/**
 * Explains a failed parse the way Tremor does.
 *
 * Tremor lexes before it parses, so a malformed token (an unterminated string, `1.0e`, a bad
 * escape) is reported as such, while Ohm only sees that nothing matched. The grammar's token
 * scanner (`Tokens` in query-lang/script.ohm) accepts any input and matches malformed tokens
 * through `err*` alternatives; when one starts at or before the position where the parse
 * failed, it is the better explanation. Otherwise the failure is reported as
 * "Found the token `x` but expected one of …", with Ohm's expectations translated to Tremor's
 * token names.
 */
import type { MatchResult, Node } from 'ohm-js';
import grammars from './generated/tremor.ohm-bundle.js';
import { CompileError, error, errorWithContext, type Diagnostic } from '../base/diagnostics.js';
import type { Code } from '../base/codes.js';
import type { Source } from '../base/source.js';
import { lexLayout, type LexItem } from './lexerror-layout.js';
import { unexpectedTokenHint } from './parse-hint.js';

const grammar = grammars.Troy;

/** MatchResult methods Ohm has but does not declare */
interface FailureInfo {
  getRightmostFailurePosition(): number;
  getRightmostFailures(): { getText(): string; type: string }[];
}

interface Token {
  start: number;
  end: number;
  text: string;
}

interface Scan {
  tokens: Token[];
  lexError: Diagnostic | null;
}

/**
 * Scanner rules of tokens Tremor's lexer makes `Bad`: a run of three or more colons, and `<`
 * or `>` as the last character of the input. The parser stops at them.
 */
function isBadToken(src: Source, t: Token): boolean {
  return /^:{3,}$/.test(t.text) || ((t.text === '<' || t.text === '>') && src.text.slice(t.end).trim() === '');
}

export function syntaxError(src: Source, m: MatchResult): CompileError {
  const pos = (m as unknown as FailureInfo).getRightmostFailurePosition();
  const scan = scanTokens(src);
  if (scan.lexError && scan.lexError.span!.start <= pos) return new CompileError([scan.lexError]);
  const bad = scan.tokens.find((t) => t.start <= pos && isBadToken(src, t));
  if (bad) return new CompileError([unexpectedToken(src, grammar.match(src.text.slice(0, bad.start) + '\u0000'), bad.start, [bad])]);
  return new CompileError([unexpectedToken(src, m, pos, scan.tokens)]);
}

/** The first lexical error of a source, if any (also used for sources that parsed). */
export function scanTokens(src: Source): Scan {
  const m = grammar.match(src.text, 'Tokens');
  const tokens: Token[] = [];
  const lexItems: LexItem[] = [];
  let lexError: Diagnostic | null = null;
  if (m.failed()) return { tokens, lexError };
  const sem = grammar.createSemantics();
  const d = (code: Code, message: string, start: number, end: number, hint?: string): Diagnostic => error(code, message, src.span(start, end), hint);
  sem.addOperation<Diagnostic | null>('lexError', {
    _nonterminal(...children: Node[]): Diagnostic | null {
      // an error inside a token (a bad escape in an unterminated string) explains more
      for (const c of children) {
        const r = c.lexError();
        if (r) return r;
      }
      const name = this.ctorName;
      const { startIdx, endIdx } = this.source;
      if (name === 'tokEscape_unicode') {
        const code = parseInt(this.sourceString.slice(2), 16);
        if (code >= 0xd800 && code <= 0xdfff) return d('L012', 'An invalid UTF8 escape sequence was found', startIdx, endIdx);
      }
      const lineEnd = endOfLine(src.text, startIdx);
      switch (name) {
        case 'tokString_errUnterminated':
          return d('L005', `It looks like you forgot to terminate a string with a closing '"'`, startIdx, lineEnd);
        case 'tokEscape_errEscape':
          return d('L011', `An unexpected escape code '${this.sourceString.slice(1)}' was found`, startIdx, endIdx);
        case 'tokEscape_errUnicode':
          return d('L012', 'An invalid UTF8 escape sequence was found', startIdx, endIdx);
        case 'tokEscape_errEof':
          return d('L013', 'An unexpected end of stream was found', endIdx, endIdx);
        case 'tokInterp_errUnterminated':
        case 'tokHdInterp_errUnterminated':
          return d('L010', `It looks like you forgot to terminate a string interpolation with a closing '}'`, startIdx, Math.max(endIdx, lineEnd), `Did you mean to write a literal '#{'? Escape it as '\\#{'.`);
        case 'tokHereDoc_errTailing':
          return d('L007', 'It looks like you have characters tailing the here doc opening, it needs to be followed by a newline', startIdx, startIdx + 3);
        case 'tokHereDoc_errUnterminated':
          // `"""` at the very end: Tremor underlines up to its third quote
          return d('L006', `It looks like you forgot to terminate a here doc with with a closing '"""'`, startIdx, endIdx === startIdx + 3 ? startIdx + 2 : endIdx);
        case 'tokNumber_errHex':
        case 'tokNumber_errHex2':
          // a bare `0x` takes the character that ended it along
          return d('L003', 'An invalid hexadecimal', startIdx, this.sourceString === '0x' && nextOnLine(src.text, endIdx) ? endIdx + 1 : endIdx);
        case 'tokNumber_errFloat':
          // the lexer looks one character past the `e`, or stops at the `e` at the end of input
          return d('L002', 'An invalid float literal', startIdx, nextOnLine(src.text, endIdx) ? endIdx + 1 : endIdx - 1);
        case 'tokNumber_errFloatChar':
          return d('L001', `An unexpected character '${charAt(src.text, endIdx)}' was found`, startIdx, endIdx);
        case 'tokNumber_errIntChar':
          return d('L001', `An unexpected character '${charAt(src.text, endIdx)}' was found`, endIdx, endIdx + 1);
        case 'tokIdent_errUnterminated':
          // at the end of input Tremor's span stops at the last character, not after it
          return d('L008', "It looks like you forgot to terminate an ident with a closing '`'", startIdx, endIdx === src.text.length ? endIdx - 1 : endIdx);
        case 'tokExtractor_errUnterminated':
        case 'tokExtractor_errBare':
          // Tremor's extractor token starts at the pipe; the name before it is an identifier
          return d('L009', "It looks like you forgot to terminate an extractor with a closing '|'", startIdx + this.sourceString.indexOf('|'), endIdx);
        case 'tokExtractorPart_errEscape':
          return d('L011', `An unexpected escape code '${this.sourceString.slice(1)}' was found`, startIdx + 1, endIdx);
        default:
          return null;
      }
    },
    _iter(...children: Node[]): Diagnostic | null {
      for (const c of children) {
        const r = c.lexError();
        if (r) return r;
      }
      return null;
    },
    _terminal(): null {
      return null;
    },
  });
  sem.addOperation<void>('collect', {
    Tokens(items: Node, _end: Node) {
      for (const item of items.children) {
        const t = item.children[0];
        if (t.ctorName !== 'tok') continue;
        tokens.push({ start: t.source.startIdx, end: t.source.endIdx, text: t.sourceString });
        lexItems.push({ start: t.source.startIdx, end: t.source.endIdx, kind: t.children[0].ctorName });
      }
    },
  });
  const root = sem(m);
  root.collect();
  lexError = root.lexError();
  return { tokens, lexError: lexError && lexLayout(src, lexError, lexItems) };
}

function endOfLine(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

/** is there a character at `i` on the same line */
function nextOnLine(text: string, i: number): boolean {
  return i < text.length && text[i] !== '\n';
}

function charAt(text: string, i: number): string {
  const c = text.codePointAt(i);
  return c === undefined ? '' : String.fromCodePoint(c);
}

function unexpectedToken(src: Source, m: MatchResult, pos: number, tokens: Token[]): Diagnostic {
  let tok = tokens.find((t) => t.start === pos) ?? tokens.find((t) => t.start <= pos && pos < t.end);
  if (!tok) {
    // end of input: Tremor points at the last token it saw
    const last = [...tokens].reverse().find((t) => t.start < pos) ?? null;
    if (!last) return errorWithContext('S001', 'An unexpected end of stream was found', src.span(pos, pos));
    tok = last;
  }
  if (tok.text.startsWith('"') && !tok.text.startsWith('"""')) tok = { start: tok.start, end: tok.start + 1, text: '"' };
  const expected = withDocComments(expectations(m), src, tok.start);
  const list = expected.length === 1 ? expected[0] : `one of ${expected.join(', ')}`;
  const message = expected.length ? `Found the token \`${tok.text}\` but expected ${list}` : `Found the unexpected token \`${tok.text}\``;
  return errorWithContext('S001', message, src.span(tok.start, tok.end), unexpectedTokenHint(tok.text, expected));
}

function expectations(m: MatchResult): string[] {
  const out = new Set<string>();
  for (const f of (m as unknown as FailureInfo).getRightmostFailures()) {
    const t = f.getText();
    if (f.type === 'string') {
      if (t === 'true' || t === 'false') out.add('`bool`');
      else if (t === 'null') out.add('`nil`');
      else if (t === '0x') out.add('`int`');
      else if (t === '`') out.add('`<ident>`');
      else if (t === '"""' || t === '"') out.add(`\`${t}\``);
      else if (t === '_')
        continue; // the don't-care token only shows through a lookahead
      else out.add(`\`${t}\``);
    } else if (f.type === 'description') {
      if (t === 'not a keyword' || /letter/.test(t)) out.add('`<ident>`');
      else if (t === 'a digit') {
        out.add('`int`');
        out.add('`float`');
      } else if (t !== 'end of input' && !/alpha-numeric/.test(t)) out.add(`\`${t}\``);
    }
  }
  return [...out].sort((a, b) => compare(terminalName(a), terminalName(b)));
}

/**
 * Tremor's script grammar lets a doc comment (`## …`) stand before any top-level statement
 * and a module comment (`### …`) at the very start, as tokens; here comments are space. So
 * where a top-level statement may start (the expectations hold `const` and `fn`), the two
 * comment tokens are expected too, the module comment only before the first statement.
 */
function withDocComments(expected: string[], src: Source, at: number): string[] {
  if (!expected.includes('`const`') || !expected.includes('`fn`')) return expected;
  const first =
    src.text
      .slice(0, at)
      .replace(/#[^\n]*/g, '')
      .trim() === '';
  const extra = first ? ['`<doc-comment>`', '`<mod-comment>`'] : ['`<doc-comment>`'];
  return [...expected, ...extra].sort((a, b) => compare(terminalName(a), terminalName(b)));
}

/**
 * Tremor lists expected tokens in the order of its parser's terminal names: the token text,
 * except the heredoc quotes, which are the terminal `heredoc_start`.
 */
function terminalName(shown: string): string {
  const t = shown.slice(1, -1);
  return t === '"""' ? 'heredoc_start' : t;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
