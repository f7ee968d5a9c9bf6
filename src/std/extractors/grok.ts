/**
 * `grok|pattern|`: logstash grok as Tremor runs it (the `grok` 1.x crate on Oniguruma).
 *
 * Compilation follows the crate: the leftmost `%{NAME[:alias][=definition]}` reference is
 * expanded again and again (depth first) until none is left; each expansion consumes an
 * index N, an aliased one becomes the named group `nameN`, an unaliased one a non-capturing
 * group. The result is an Oniguruma regex, translated here to a JavaScript one.
 *
 * Matching searches anywhere in the string. The record has one key per named group of the
 * final regex: the alias that owns it (`%{IP:client}` gives `client`), else the group's own
 * name (a `(?<name>…)` written in the rule, or `nameN` when a later reference reused the
 * alias). Groups that did not take part yield `""`. Values are always strings.
 */
import { setKey, type Rec } from '../../runtime/value.js';
import { GROK_PATTERNS } from './grok-patterns.js';
import { ExtractorRuleError, type ExtractorTest } from './extractor.js';

/** the crate's reference syntax (its definition group is equivalent to `[^{}]+`) */
const GROK_REF = /%\{(([A-z0-9]+)(?::([A-z0-9_:;/\s.]+))?)(?:=([^{}]+))?\}/;
const MAX_RECURSION = 1024;

class Unsupported extends Error {}

/** Expands grok references; returns the Oniguruma source and alias -> group name. */
function expand(rule: string): { source: string; aliases: Map<string, string> } {
  const patterns = new Map(GROK_PATTERNS); // `%{X=def}` adds definitions for this rule only
  const aliases = new Map<string, string>();
  let s = rule;
  let index = 0;
  for (let iteration = 0; ; iteration++) {
    if (iteration >= MAX_RECURSION) throw new Unsupported('recursion too deep');
    const m = GROK_REF.exec(s);
    if (!m) break;
    const [, fullName, raw, alias, definition] = m;
    let name = fullName;
    if (definition !== undefined) {
      patterns.set(raw, definition);
      name = `${name}=${definition}`;
    }
    const ref = `%{${name}}`;
    const count = s.split(ref).length - 1;
    for (let k = 0; k < count; k++) {
      const def = patterns.get(raw);
      if (def === undefined) throw new Unsupported(`unknown pattern ${raw}`);
      let replacement = `(?:${def})`;
      if (alias !== undefined) {
        aliases.set(alias, `name${index}`);
        replacement = `(?<name${index}>${def})`;
      }
      const at = s.indexOf(ref);
      s = s.slice(0, at) + replacement + s.slice(at + ref.length);
      index++;
    }
  }
  if (s === '') throw new Unsupported('empty pattern');
  return { source: s, aliases };
}

/** POSIX bracket classes (ASCII, as Oniguruma has them for ASCII text) */
const POSIX: Readonly<Record<string, string>> = {
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  digit: '0-9',
  lower: 'a-z',
  upper: 'A-Z',
  xdigit: '0-9a-fA-F',
  space: '\\s',
  blank: ' \\t',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
  ascii: '\\x00-\\x7f',
};

interface Translation {
  out: string;
  names: string[]; // original name of JS group g<k>
  flags: Set<string>;
  helpers: number; // atomic-group helper captures (a<k>)
  hasNamed: boolean;
  plain: number[]; // Oniguruma group number (index) -> JS group number; used only without named groups
  jsGroups: number;
}

/** one escape sequence at src[i] (a backslash) -> [JS text, length consumed] */
function escape(t: Translation, src: string, i: number, inClass: boolean): [string, number] {
  const n = src[i + 1];
  const rest = src.slice(i);
  if (n === undefined) throw new Unsupported('trailing backslash');
  if (n === 'h') return [inClass ? '0-9a-fA-F' : '[0-9a-fA-F]', 2];
  if (n === 'H' && !inClass) return ['[^0-9a-fA-F]', 2];
  if (!inClass) {
    const anchor = ({ A: '(?<![\\s\\S])', G: '(?<![\\s\\S])', z: '(?![\\s\\S])', Z: '(?=\\n?(?![\\s\\S]))' } as Record<string, string>)[n];
    if (anchor) return [anchor, 2];
    const k = /^\\k<([A-Za-z_]\w*)>/.exec(rest);
    if (k) return [`\\k<\0${k[1]}\0>`, k[0].length]; // resolved once all groups are known
    const num = /^\\([1-9][0-9]?)/.exec(rest);
    if (num) {
      const js = t.plain[Number(num[1])];
      if (t.hasNamed || js === undefined) throw new Unsupported('numbered backreference');
      return [`\\${js}`, num[0].length];
    }
  }
  const x = /^\\x(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{1,2}))/.exec(rest);
  if (x) return [x[1] !== undefined ? `\\u{${x[1]}}` : `\\x${x[2].padStart(2, '0')}`, x[0].length];
  const p = /^\\[pP]\{\^?\w+\}|^\\u[0-9a-fA-F]{4}|^\\c[A-Za-z]/.exec(rest);
  if (p) return [p[0], p[0].length];
  if (n === 'e') return ['\\x1b', 2];
  if (n === 'a') return ['\\x07', 2];
  if ('dDwWsSbBnrtfv'.includes(n)) return ['\\' + n, 2];
  if (/[A-Za-z0-9]/.test(n)) throw new Unsupported(`escape \\${n}`);
  // punctuation: keep the backslash only where JavaScript's `u` mode allows it
  return ['^$\\.*+?()[]{}|/'.includes(n) || (inClass && n === '-') ? '\\' + n : n, 2];
}

/** a bracket class at src[i]; nested classes are merged, POSIX classes expanded */
function charClass(t: Translation, src: string, i: number): [string, number] {
  let j = i + 1;
  let out = '[';
  if (src[j] === '^') out += src[j++];
  if (src[j] === ']') {
    out += '\\]'; // a leading `]` is a literal in Oniguruma
    j++;
  }
  for (;;) {
    const c = src[j];
    if (c === undefined) throw new Unsupported('unterminated class');
    if (c === ']') return [out + ']', j + 1];
    if (c === '\\') {
      const [js, len] = escape(t, src, j, true);
      out += js;
      j += len;
    } else if (c === '[') {
      const posix = /^\[:([a-z]+):\]/.exec(src.slice(j));
      if (posix && POSIX[posix[1]]) {
        out += POSIX[posix[1]];
        j += posix[0].length;
      } else {
        const [inner, end] = charClass(t, src, j);
        if (inner.startsWith('[^')) throw new Unsupported('negated nested class');
        out += inner.slice(1, -1);
        j = end;
      }
    } else if (c === '&' && src[j + 1] === '&') throw new Unsupported('class intersection');
    else out += src[j++];
  }
}

/** Oniguruma (Ruby syntax) -> JavaScript regex source */
function translate(src: string): Translation {
  const t: Translation = { out: '', names: [], flags: new Set(), helpers: 0, hasNamed: /\(\?(?:P?<(?![=!])|')/.test(src), plain: [0], jsGroups: 0 };
  const stack: { start: number; close: string }[] = [];
  let atom = -1; // where the last quantifiable atom starts in t.out
  const helper = () => {
    t.jsGroups++;
    return `a${t.helpers++}`;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const rest = src.slice(i);
    let m: RegExpExecArray | null;
    if (c === '\\') {
      const [js, len] = escape(t, src, i, false);
      atom = t.out.length;
      t.out += js;
      i += len;
    } else if (c === '[') {
      const [js, end] = charClass(t, src, i);
      atom = t.out.length;
      t.out += js;
      i = end;
    } else if (c === '(') {
      const start = t.out.length;
      let close = ')';
      if (rest.startsWith('(?#')) {
        const e = src.indexOf(')', i);
        if (e < 0) throw new Unsupported('unterminated comment');
        i = e + 1;
        continue;
      } else if ((m = /^\(\?(?:P?<([A-Za-z_]\w*)>|'([A-Za-z_]\w*)')/.exec(rest))) {
        t.out += `(?<g${t.names.length}>`;
        t.names.push(m[1] ?? m[2]);
        t.jsGroups++;
      } else if ((m = /^\(\?>/.exec(rest))) {
        // atomic group: a lookahead cannot be backtracked into, the backreference consumes what it
        // matched; the outer group keeps a following quantifier on the whole construct
        const a = helper();
        t.out += `(?:(?=(?<${a}>`;
        close = `))\\k<${a}>)`;
      } else if ((m = /^\(\?(?:[:=!]|<[=!])/.exec(rest))) t.out += m[0];
      else if ((m = /^\(\?([imx]*)(?:-[imx]*)?([:)])/.exec(rest))) {
        // inline options apply to the whole regex here (JavaScript has no scoped flags)
        for (const f of m[1]) {
          if (f === 'x') throw new Unsupported('extended mode');
          t.flags.add(f === 'm' ? 's' : 'i');
        }
        i += m[0].length;
        if (m[2] === ')') continue;
        t.out += '(?:';
        stack.push({ start, close });
        continue;
      } else if (rest.startsWith('(?')) throw new Unsupported(rest.slice(0, 3));
      else if (t.hasNamed)
        t.out += '(?:'; // Oniguruma does not capture plain groups next to named ones
      else {
        t.out += '(';
        t.plain.push(++t.jsGroups);
      }
      i += m ? m[0].length : 1;
      stack.push({ start, close });
    } else if (c === ')') {
      const g = stack.pop();
      if (!g) throw new Unsupported('unbalanced )');
      t.out += g.close;
      atom = g.start;
      i++;
    } else if (c === '*' || c === '+' || c === '?') {
      const q = src.slice(i, i + 2);
      if (q[1] === '+' && atom >= 0) {
        // possessive quantifier: an atomic group around the quantified atom
        const a = helper();
        t.out = `${t.out.slice(0, atom)}(?:(?=(?<${a}>${t.out.slice(atom)}${c}))\\k<${a}>)`;
        i += 2;
      } else {
        const lazy = q[1] === '?' ? '?' : '';
        t.out += c + lazy;
        i += 1 + lazy.length;
      }
      atom = -1;
    } else if (c === '{' && (m = /^\{(\d*)(,?)(\d*)\}(\??)/.exec(rest)) && (m[1] !== '' || (m[2] !== '' && m[3] !== ''))) {
      t.out += `{${m[1] || '0'}${m[2]}${m[3]}}${m[4]}`;
      i += m[0].length;
      atom = -1;
    } else {
      // `{` `}` `]` that are not syntax are literals in Oniguruma
      atom = '|^$'.includes(c) ? -1 : t.out.length;
      t.out += '{}]'.includes(c) ? '\\' + c : c;
      i++;
    }
  }
  if (stack.length) throw new Unsupported('unbalanced (');
  t.out = t.out.replace(/\\k<\0(\w+)\0>/g, (_, name: string) => {
    const k = t.names.indexOf(name);
    if (k < 0) throw new Unsupported(`unknown group ${name}`);
    return `\\k<g${k}>`;
  });
  return t;
}

function compile(rule: string): { re: RegExp; fields: Map<string, string> } {
  const { source, aliases } = expand(rule);
  const t = translate(source);
  const flags = 'm' + [...t.flags].join('');
  let re: RegExp;
  try {
    re = new RegExp(t.out, flags + 'u');
  } catch {
    re = new RegExp(t.out, flags);
  }
  const owner = new Map<string, string>();
  for (const [alias, group] of aliases) owner.set(group, alias);
  const fields = new Map<string, string>(); // output key -> JS group; a repeated name reads its first group
  t.names.forEach((name, k) => {
    const key = owner.get(name) ?? name;
    if (!t.names.slice(0, k).includes(name)) fields.set(key, `g${k}`);
  });
  return { re, fields };
}

export function grok(rule: string): ExtractorTest {
  let compiled: ReturnType<typeof compile>;
  try {
    compiled = compile(rule);
  } catch {
    throw new ExtractorRuleError(`Failed to compile logstash grok pattern \`${rule}\``);
  }
  const { re, fields } = compiled;
  return (s) => {
    const m = re.exec(s);
    if (!m) return undefined;
    const out: Rec = {};
    for (const [key, group] of fields) setKey(out, key, m.groups?.[group] ?? '');
    return out;
  };
}
