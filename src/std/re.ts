/**
 * std::re (reference §8.7). Patterns use Rust `regex` syntax and are compiled on every call,
 * as in Tremor, through the shared translation to JS (src/std/regex.ts). Replacement strings
 * use Rust's syntax (`$1`, `$name`, `${name}`, `$$`), expanded here because JS's (`$<name>`,
 * `$&`) differs.
 */
import type { Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';
import { compileRegex } from './regex.js';

function compile(f: string, arity: number, pattern: Value, global: boolean): RegExp {
  if (typeof pattern !== 'string') return badType(f, arity);
  try {
    return compileRegex(pattern, global ? 'g' : '');
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
