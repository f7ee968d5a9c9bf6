/**
 * std::re (reference §8.7). Patterns use Rust `regex` syntax and run in linear time through
 * the shared translation (src/std/regex.ts). A dynamic pattern is compiled on every call, as
 * in Tremor; a constant one once, when the script is compiled (src/std/specialize.ts), where a
 * bad pattern is a compile error. Replacement strings use Rust's syntax (`$1`, `$name`,
 * `${name}`, `$$`), expanded here because JS's (`$<name>`, `$&`) differs.
 */
import type { Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';
import { allMatches, compileRegex, RegexSyntaxError } from './regex.js';
import { specializable } from './specialize.js';

function compile(f: string, arity: number, pattern: Value, global: boolean): RegExp {
  if (typeof pattern !== 'string') return badType(f, arity);
  try {
    return compileRegex(pattern, global ? 'g' : '');
  } catch (e) {
    if (!(e instanceof SyntaxError)) throw e;
    if (!(e instanceof RegexSyntaxError)) return fnError(f, arity, e.message);
    const culprit = pattern.slice(e.offset, e.offset + e.length);
    try {
      return fnError(f, arity, `regex parse error: ${e.message} (\`${culprit}\` at offset ${e.offset})`);
    } catch (x) {
      // the compiler points at the culprit inside a constant pattern (src/lang/codegen.ts)
      throw Object.assign(x as Error, { cause: e });
    }
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

function replaceWith(r: RegExp, input: Value, to: Value): Value {
  const [s, t] = args('re::replace', input, to);
  const m = r.exec(s);
  if (!m) return s;
  return s.slice(0, m.index) + expand(t, m) + s.slice(m.index + m[0].length);
}

function replaceAllWith(r: RegExp, input: Value, to: Value): Value {
  const [s, t] = args('re::replace_all', input, to);
  let out = '';
  let last = 0;
  for (const m of allMatches(r, s)) {
    out += s.slice(last, m.index) + expand(t, m);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

/** Rust `Regex::split`: the pieces between matches, without capture groups (JS split adds them) */
function splitWith(r: RegExp, input: Value): Value {
  const [s] = args('re::split', input);
  const out: Value[] = [];
  let last = 0;
  for (const m of allMatches(r, s)) {
    out.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

function isMatchWith(r: RegExp, input: Value): Value {
  return r.test(args('re::is_match', input)[0]);
}

/**
 * A std function over a compiled pattern: the plain implementation compiles the pattern on
 * each call; the specialised one (a constant pattern) compiles it once.
 */
function withPattern(f: string, arity: number, global: boolean, run: (r: RegExp, ...rest: Value[]) => Value) {
  const impl = (re: Value, ...rest: Value[]) => run(compile(f, arity, re, global), ...rest);
  // the registry reads the arity from the implementation's parameter count
  const sized = arity === 2 ? (re: Value, a: Value) => impl(re, a) : (re: Value, a: Value, b: Value) => impl(re, a, b);
  return fn(
    f,
    specializable(sized, (re) => {
      const r = compile(f, arity, re, global);
      return (...rest: Value[]) => run(r, ...rest);
    }),
  );
}

export const re: StdModule = module([
  withPattern('re::replace', 3, false, replaceWith),
  withPattern('re::replace_all', 3, true, replaceAllWith),
  withPattern('re::is_match', 2, false, isMatchWith),
  withPattern('re::split', 2, true, splitWith),
]);
