/**
 * std::re (reference §8.7). Patterns use Rust `regex` syntax and are compiled on every call,
 * as in Tremor; they are translated to JS `u`-mode regular expressions:
 * `(?P<name>…)` becomes `(?<name>…)`, leading inline flags `(?ims)` become JS flags, `\A` and
 * `\z` become look-arounds, `\x{…}` becomes `\u{…}`, `\pL` becomes `\p{L}`, and escaped
 * punctuation that `u` mode rejects (`\-`, `\#`, `\ `) becomes a hex escape. Replacement
 * strings use Rust's syntax (`$1`, `$name`, `${name}`, `$$`), expanded here because JS's
 * (`$<name>`, `$&`) differs.
 */
import type { Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const isAlnum = (c: string) => /^[0-9A-Za-z]$/.test(c);

function hex2(c: string): string {
  return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
}

/** Rust pattern → [JS source, JS flags]; throws SyntaxError for what JS cannot express */
export function translate(pattern: string): [string, string] {
  let flags = 'u';
  let src = pattern;
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]) {
      if (f === 'i' || f === 'm' || f === 's') {
        if (!flags.includes(f)) flags += f;
      } else throw new SyntaxError(`unsupported inline flag \`${f}\``);
    }
    src = src.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const d = src[i + 1];
      if (d === undefined) throw new SyntaxError('pattern ends with a backslash');
      i++;
      if (d === 'A' && !inClass) out += '(?<![\\s\\S])';
      else if (d === 'z' && !inClass) out += '(?![\\s\\S])';
      else if (d === 'x' && src[i + 1] === '{') {
        const end = src.indexOf('}', i);
        if (end < 0) throw new SyntaxError('unterminated \\x{…} escape');
        out += '\\u{' + src.slice(i + 2, end) + '}';
        i = end;
      } else if ((d === 'p' || d === 'P') && src[i + 1] !== '{' && src[i + 1] !== undefined) {
        out += '\\' + d + '{' + src[++i] + '}';
      } else if (!isAlnum(d) && d.charCodeAt(0) < 128 && !JS_SYNTAX.has(d) && !(inClass && d === '-')) {
        out += hex2(d);
      } else out += '\\' + d;
    } else if (c === '[' && !inClass) {
      inClass = true;
      out += c;
      // a `]` right after `[` or `[^` is a literal in Rust, an empty class in JS
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
    } else if (c === ']' && inClass) {
      inClass = false;
      out += c;
    } else if (c === '(' && !inClass && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else out += c;
  }
  return [out, flags];
}

function compile(f: string, arity: number, pattern: Value, global: boolean): RegExp {
  if (typeof pattern !== 'string') return badType(f, arity);
  try {
    const [src, flags] = translate(pattern);
    return new RegExp(src, global ? flags + 'g' : flags);
  } catch (e) {
    return fnError(f, arity, (e as Error).message);
  }
}

/** Rust's `Captures::expand`: `$name` takes the longest run of `[_0-9A-Za-z]` (so `$1a` is group "1a") */
export function expand(template: string, m: RegExpExecArray | RegExpMatchArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let end: number;
    if (template[i + 1] === '{') {
      const close = template.indexOf('}', i + 2);
      if (close < 0) {
        out += c;
        continue;
      }
      name = template.slice(i + 2, close);
      end = close;
    } else {
      const run = /^[_0-9A-Za-z]+/.exec(template.slice(i + 1));
      if (!run) {
        out += c;
        continue;
      }
      name = run[0];
      end = i + name.length;
    }
    const group = /^[0-9]+$/.test(name) ? m[Number(name)] : m.groups?.[name];
    out += group ?? '';
    i = end;
  }
  return out;
}

function args(f: string, input: Value, to?: Value): [string, string] {
  if (typeof input !== 'string' || (to !== undefined && typeof to !== 'string')) return badType(f, to === undefined ? 2 : 3);
  return [input, to ?? ''];
}

function replace(re: Value, input: Value, to: Value): Value {
  const f = 're::replace';
  const r = compile(f, 3, re, false);
  const [s, t] = args(f, input, to);
  const m = r.exec(s);
  if (!m) return s;
  return s.slice(0, m.index) + expand(t, m) + s.slice(m.index + m[0].length);
}

function replaceAll(re: Value, input: Value, to: Value): Value {
  const f = 're::replace_all';
  const r = compile(f, 3, re, true);
  const [s, t] = args(f, input, to);
  let out = '';
  let last = 0;
  for (const m of s.matchAll(r)) {
    out += s.slice(last, m.index) + expand(t, m);
    last = m.index! + m[0].length;
  }
  return out + s.slice(last);
}

/** Rust `Regex::split`: the pieces between matches, without capture groups (JS split adds them) */
function split(re: Value, input: Value): Value {
  const f = 're::split';
  const r = compile(f, 2, re, true);
  const [s] = args(f, input);
  const out: Value[] = [];
  let last = 0;
  for (const m of s.matchAll(r)) {
    out.push(s.slice(last, m.index));
    last = m.index! + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

export const re: StdModule = module([
  fn('re::replace', replace),
  fn('re::replace_all', replaceAll),
  fn('re::is_match', (re: Value, input: Value) => {
    const r = compile('re::is_match', 2, re, false);
    return r.test(args('re::is_match', input)[0]);
  }),
  fn('re::split', split),
]);
