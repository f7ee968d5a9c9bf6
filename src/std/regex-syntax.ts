/**
 * Rust `regex` syntax (the `regex-syntax` crate, which Tremor's `std::re` and `re|…|` use)
 * parsed into a small tree. The tree is what src/std/regex-emit.ts turns into a JavaScript
 * pattern the linear-time engine accepts, and parsing it ourselves is how a pattern Rust
 * rejects is rejected here too, with the offset of the culprit: backreferences (`\1`,
 * `(?P=name)`) and look-around (`(?=`, `(?!`, `(?<=`, `(?<!`) above all, since no engine that
 * runs in linear time can have them.
 *
 * Every class is reduced to a set of code points (src/std/regex-charset.ts); flags are scoped
 * as in Rust: `(?i)` holds to the end of its group, across `|`, and `(?i:…)` only inside.
 */
import * as cs from './regex-charset.js';

export type Node =
  | { t: 'set'; r: cs.Ranges }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'group'; name: string | null; body: Node }
  | { t: 'rep'; min: number; max: number; greedy: boolean; body: Node }
  | { t: 'assert'; kind: 'start' | 'end' | 'lineStart' | 'lineEnd' | 'word' | 'notWord'; at: number };

/** a pattern Rust (or the linear engine) rejects; `offset` is where in the pattern, in UTF-16 units */
export class RegexSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly offset: number,
    readonly length = 1,
  ) {
    super(message);
    this.name = 'RegexSyntaxError';
  }
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
  x: boolean;
}

const LOOKAROUND = 'look-around, including look-ahead and look-behind, is not supported';
const BACKREF = 'backreferences are not supported';
const GROUP_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONTROL: Readonly<Record<string, number>> = Object.freeze({ n: 10, t: 9, r: 13, f: 12, v: 11, a: 7, e: 0x1b });

export function parse(pattern: string): Node {
  return new Parser(pattern).parse();
}

class Parser {
  private pos = 0;
  private readonly names = new Set<string>();

  constructor(private readonly src: string) {}

  parse(): Node {
    const n = this.alternation({ i: false, m: false, s: false, U: false, x: false });
    if (this.pos < this.src.length) this.fail('unopened group', this.pos);
    return n;
  }

  private fail(message: string, at: number, length = 1): never {
    throw new RegexSyntaxError(message, at, length);
  }

  private skipSpace(f: Flags): void {
    if (!f.x) return;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (/\s/.test(c)) this.pos++;
      else if (c === '#') while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
      else break;
    }
  }

  /** `a|b|…` up to an unmatched `)` or the end; `(?flags)` changes `f` for the rest of it */
  private alternation(outer: Flags): Node {
    const f = { ...outer };
    const alts: Node[] = [];
    let seq: Node[] = [];
    for (;;) {
      this.skipSpace(f);
      const c = this.src[this.pos];
      if (c === undefined || c === ')') break;
      if (c === '|') {
        alts.push(seqOf(seq));
        seq = [];
        this.pos++;
        continue;
      }
      const atom = this.atom(f);
      if (atom) seq.push(this.quantified(atom, f));
    }
    alts.push(seqOf(seq));
    return alts.length === 1 ? alts[0] : { t: 'alt', items: alts };
  }

  private quantified(atom: Node, f: Flags): Node {
    let n = atom;
    for (;;) {
      this.skipSpace(f);
      const at = this.pos;
      const c = this.src[at];
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const m = /^\{\s*(\d+)\s*(?:(,)\s*(\d*)\s*)?\}/.exec(this.src.slice(at));
        if (!m) this.fail('repetition quantifier expects a valid decimal', at);
        min = Number(m[1]);
        max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
        if (max < min) this.fail('invalid repetition range: the minimum is greater than the maximum', at, m[0].length);
        this.pos += m[0].length - 1;
      } else return n;
      this.pos++;
      let greedy = true;
      if (this.src[this.pos] === '?') {
        greedy = false;
        this.pos++;
      }
      if (f.U) greedy = !greedy;
      n = { t: 'rep', min, max, greedy, body: n };
    }
  }

  /** one atom; null for a flag group `(?i)` that only changes `f` */
  private atom(f: Flags): Node | null {
    const at = this.pos;
    const c = this.src[at];
    switch (c) {
      case '(':
        return this.group(f);
      case '[':
        this.pos++;
        return { t: 'set', r: this.classBody(f, at) };
      case '.':
        this.pos++;
        return { t: 'set', r: f.s ? [0, cs.MAX_CP] : cs.negate(cs.single(10)) };
      case '^':
        this.pos++;
        return { t: 'assert', kind: f.m ? 'lineStart' : 'start', at };
      case '$':
        this.pos++;
        return { t: 'assert', kind: f.m ? 'lineEnd' : 'end', at };
      case '\\':
        return this.escape(f);
      case '*':
      case '+':
      case '?':
      case '{':
        return this.fail('repetition operator missing expression', at);
      default: {
        const cp = this.src.codePointAt(at)!;
        this.pos += cp > 0xffff ? 2 : 1;
        return { t: 'set', r: literal(cp, f) };
      }
    }
  }

  private group(f: Flags): Node | null {
    const open = this.pos;
    const rest = this.src.slice(open);
    let name: string | null = null;
    let capture = true;
    let inner = f;
    if (/^\(\?(?:=|!|<=|<!)/.test(rest)) this.fail(LOOKAROUND, open, rest.startsWith('(?<') ? 4 : 3);
    if (rest.startsWith('(?P=')) this.fail(BACKREF, open, 4);
    const named = /^\(\?P?<([^>]*)>/.exec(rest);
    if (named) {
      name = named[1];
      if (!GROUP_NAME.test(name)) this.fail(`invalid capture group name \`${name}\``, open, named[0].length);
      if (this.names.has(name)) this.fail(`duplicate capture group name \`${name}\``, open, named[0].length);
      this.names.add(name);
      this.pos += named[0].length;
    } else if (rest.startsWith('(?')) {
      const m = /^\(\?([a-zA-Z-]*)([:)])/.exec(rest);
      if (!m) this.fail('unrecognized flag or group syntax', open + 2);
      const flags = { ...f };
      let on = true;
      for (const [k, ch] of [...m[1]].entries()) {
        if (ch === '-') on = false;
        else if (ch === 'i' || ch === 'm' || ch === 's' || ch === 'U' || ch === 'x') flags[ch] = on;
        else if (ch !== 'u') this.fail(`unrecognized flag \`${ch}\``, open + 2 + k);
      }
      this.pos += m[0].length;
      if (m[2] === ')') {
        Object.assign(f, flags);
        return null;
      }
      capture = false;
      inner = flags;
    } else this.pos++;
    const body = this.alternation(inner);
    if (this.src[this.pos] !== ')') this.fail('unclosed group', open);
    this.pos++;
    return capture ? { t: 'group', name, body } : body;
  }

  /** an escape outside a class */
  private escape(f: Flags): Node {
    const at = this.pos;
    const d = this.src[at + 1];
    if (d === 'A' || d === 'z' || d === 'b' || d === 'B') {
      this.pos += 2;
      const kind = d === 'A' ? 'start' : d === 'z' ? 'end' : d === 'b' ? 'word' : 'notWord';
      return { t: 'assert', kind, at };
    }
    return { t: 'set', r: this.escapeSet(f, false) };
  }

  /** an escape that stands for a set of code points, in or out of a class */
  private escapeSet(f: Flags, inClass: boolean): cs.Ranges {
    const at = this.pos;
    const d = this.src[at + 1];
    if (d === undefined) this.fail('incomplete escape sequence, reached end of pattern prematurely', at);
    this.pos += 2;
    if (d >= '1' && d <= '9') this.fail(BACKREF, at, 2);
    if (d === 'k' && this.src[at + 2] === '<') this.fail(BACKREF, at, 2);
    if (d === 'd' || d === 'w' || d === 's') return cs.PERL_CLASSES[d];
    if (d === 'D' || d === 'W' || d === 'S') return cs.negate(cs.PERL_CLASSES[d.toLowerCase() as 'd' | 'w' | 's']);
    if (d === 'p' || d === 'P') return this.propertyEscape(f, at, d === 'P');
    if (d === 'x' || d === 'u' || d === 'U') return literal(this.hexEscape(at, d), f);
    if (Object.hasOwn(CONTROL, d)) return literal(CONTROL[d], f);
    if (/[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e ]/.test(d)) return literal(d.charCodeAt(0), f);
    if (inClass && d === 'b') return this.fail('unrecognized escape sequence (\\b is not allowed in a class)', at, 2);
    return this.fail('unrecognized escape sequence', at, 2);
  }

  private hexEscape(at: number, d: string): number {
    let digits: string;
    if (this.src[this.pos] === '{') {
      const end = this.src.indexOf('}', this.pos);
      if (end < 0) this.fail('unclosed hexadecimal escape', at);
      digits = this.src.slice(this.pos + 1, end);
      this.pos = end + 1;
    } else {
      const n = d === 'x' ? 2 : d === 'u' ? 4 : 8;
      digits = this.src.slice(this.pos, this.pos + n);
      if (digits.length < n) this.fail('incomplete hexadecimal escape', at);
      this.pos += n;
    }
    const cp = /^[0-9A-Fa-f]{1,8}$/.test(digits) ? parseInt(digits, 16) : Number.NaN;
    if (!(cp <= cs.MAX_CP) || (cp >= 0xd800 && cp <= 0xdfff)) this.fail('invalid hexadecimal escape: not a Unicode scalar value', at, this.pos - at);
    return cp;
  }

  private propertyEscape(f: Flags, at: number, negated: boolean): cs.Ranges {
    let name: string;
    if (this.src[this.pos] === '{') {
      const end = this.src.indexOf('}', this.pos);
      if (end < 0) this.fail('unclosed Unicode class', at);
      name = this.src.slice(this.pos + 1, end).trim();
      this.pos = end + 1;
    } else {
      name = this.src[this.pos] ?? '';
      if (!name) this.fail('incomplete escape sequence, reached end of pattern prematurely', at);
      this.pos++;
    }
    if (name.startsWith('^')) {
      negated = !negated;
      name = name.slice(1);
    }
    const r = cs.property(name);
    if (!r) this.fail(`unrecognized Unicode property \`${name}\``, at, this.pos - at);
    const folded = f.i ? cs.caseClose(r) : r;
    return negated ? cs.negate(folded) : folded;
  }

  /** after `[`: the class up to its `]`, with nesting and `&&` `--` `~~` */
  private classBody(f: Flags, open: number): cs.Ranges {
    let negated = false;
    if (this.src[this.pos] === '^') {
      negated = true;
      this.pos++;
    }
    let acc = this.classUnion(f, open, true);
    for (;;) {
      const op = this.src.slice(this.pos, this.pos + 2);
      if (op !== '&&' && op !== '--' && op !== '~~') break;
      this.pos += 2;
      const rhs = this.classUnion(f, open, false);
      acc = op === '&&' ? cs.intersect(acc, rhs) : op === '--' ? cs.difference(acc, rhs) : cs.symmetricDifference(acc, rhs);
    }
    if (this.src[this.pos] !== ']') this.fail('unclosed character class', open);
    this.pos++;
    if (f.i) acc = cs.caseClose(acc);
    return negated ? cs.negate(acc) : acc;
  }

  private classUnion(f: Flags, open: number, first: boolean): cs.Ranges {
    let acc: cs.Ranges = [];
    for (;;) {
      this.skipSpace(f);
      const at = this.pos;
      const c = this.src[at];
      if (c === undefined) this.fail('unclosed character class', open);
      if (c === ']' && !(first && at === open + 1 + (this.src[open + 1] === '^' ? 1 : 0))) return acc;
      const op = this.src.slice(at, at + 2);
      if ((op === '&&' || op === '--' || op === '~~') && acc.length > 0) return acc;
      first = false;
      if (c === '[') {
        const ascii = /^\[:(\^?)([a-z]+):\]/.exec(this.src.slice(at));
        if (ascii) {
          const r = cs.ASCII_CLASSES[ascii[2]];
          if (!r) this.fail(`unrecognized ASCII class \`${ascii[2]}\``, at, ascii[0].length);
          this.pos += ascii[0].length;
          acc = cs.union(acc, ascii[1] ? cs.negate(r) : r);
        } else {
          this.pos++;
          acc = cs.union(acc, this.classBody(f, at));
        }
        continue;
      }
      const lo = this.classChar(f);
      if (typeof lo !== 'number') {
        acc = cs.union(acc, lo);
        continue;
      }
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.src[this.pos + 1] !== undefined) {
        this.pos++;
        const hi = this.classChar(f);
        if (typeof hi !== 'number') this.fail('invalid range boundary, must be a literal', at, this.pos - at);
        if (hi < lo) this.fail('invalid range: the start is greater than the end', at, this.pos - at);
        acc = cs.union(acc, [lo, hi]);
      } else acc = cs.union(acc, [lo, lo]);
    }
  }

  /** one code point, or the set of a class escape (`\d`, `\pL`) */
  private classChar(f: Flags): number | cs.Ranges {
    const at = this.pos;
    if (this.src[at] !== '\\') {
      const cp = this.src.codePointAt(at)!;
      this.pos += cp > 0xffff ? 2 : 1;
      return cp;
    }
    const r = this.escapeSet({ ...f, i: false }, true);
    return r.length === 2 && r[0] === r[1] && 'dwsDWSpP'.indexOf(this.src[at + 1]) < 0 ? r[0] : r;
  }
}

function seqOf(items: Node[]): Node {
  return items.length === 1 ? items[0] : { t: 'seq', items };
}

function literal(cp: number, f: Flags): cs.Ranges {
  const r = cs.single(cp);
  return f.i ? cs.caseClose(r) : r;
}
