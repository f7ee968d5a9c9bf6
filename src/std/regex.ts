/**
 * Rust `regex` syntax -> a JavaScript RegExp that runs in linear time: the one translation
 * used by `std::re` and by the `re|…|` / `rerg|…|` extractors, so a pattern means the same in
 * both.
 *
 * Why: Tremor's regexes (Rust's `regex` crate) never backtrack, so one event cannot stall a
 * stream. V8's default engine (irregexp) backtracks: `^(a+)+$` on forty `a`s and a `!` runs
 * for minutes. V8 also has a linear-time engine (an NFA simulation), but on its own it is
 * 10–50× slower than irregexp on ordinary log-line patterns (perf/benches/regex.mjs). So we
 * take both: with `--enable-experimental-regexp-engine-on-excessive-backtracks`, irregexp
 * runs every match and hands it to the linear engine once it has backtracked 50 000 times.
 * The hand-over only exists for patterns the linear engine can run — no `u` or `i` flag, no
 * look-around, no backreferences, small counted repetitions — so the translation
 * (src/std/regex-syntax.ts, src/std/regex-emit.ts) writes every pattern in that subset:
 * Unicode classes and case-insensitivity are spelt out as sets of UTF-16 units, and the
 * result is checked by compiling it with the `l` flag. A pattern that cannot be written so
 * (backreferences and look-around, which Rust rejects too) is a RegexSyntaxError with the
 * offset of the culprit; callers turn it into their own error.
 *
 * The two V8 flags are process-wide and set once, when this module loads, before any
 * pattern of ours is compiled (Node 20 honours `v8.setFlagsFromString` for them at run
 * time). They only add a safety net to other code's non-Unicode regexes too.
 */
import { setFlagsFromString } from 'node:v8';
import { parse, RegexSyntaxError } from './regex-syntax.js';
import { emit } from './regex-emit.js';

export { RegexSyntaxError };

setFlagsFromString('--enable-experimental-regexp-engine');
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

/** Rust pattern → [JS source, JS flags]; throws RegexSyntaxError for what Rust or the linear engine rejects */
export function translate(pattern: string): [string, string] {
  const ast = parse(pattern);
  for (const unroll of [false, true]) {
    const { source, flags } = emit(ast, unroll);
    if (linear(source, flags)) return [source, flags];
  }
  throw new RegexSyntaxError('the pattern is too large for the linear-time engine (counted repetitions of capture groups multiply past 16)', 0, pattern.length);
}

function linear(source: string, flags: string): boolean {
  try {
    new RegExp(source, `${flags}l`);
    return true;
  } catch {
    return false;
  }
}

/** a translated pattern as a RegExp; `extraFlags` adds JS-only flags such as `g` */
export function compileRegex(pattern: string, extraFlags = ''): RegExp {
  const [source, flags] = translate(pattern);
  return new RegExp(source, flags + extraFlags);
}

/**
 * Every match of a global RegExp, left to right, as Rust's `find_iter` / `captures_iter`
 * yields them: after an empty match the search moves on by one character — a whole
 * surrogate pair, not half of it (`matchAll` without `u` would split an emoji).
 */
export function allMatches(r: RegExp, s: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  r.lastIndex = 0;
  for (let m = r.exec(s); m !== null; m = r.exec(s)) {
    out.push(m);
    if (m[0] === '') {
      const c = s.charCodeAt(r.lastIndex);
      const pair = c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(r.lastIndex + 1) & 0xfc00) === 0xdc00;
      r.lastIndex += pair ? 2 : 1;
      if (r.lastIndex > s.length) break;
    }
  }
  return out;
}
