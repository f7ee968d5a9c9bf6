/**
 * Sets of Unicode code points for the regex translation (src/std/regex.ts): a set is a flat,
 * sorted array of inclusive ranges `[lo0, hi0, lo1, hi1, …]` with no overlaps or adjacency.
 * Every character class of a Rust pattern (literals under `(?i)`, `.`, `[…]`, `\d`, `\pL`) is
 * reduced to one of these, so that set operations (`&&`, `--`, `~~`, negation, case folding)
 * are plain arithmetic here and the emitter can spell any set without the `u` flag.
 */

export type Ranges = readonly number[];

export const MAX_CP = 0x10ffff;

/** ranges from unordered, possibly overlapping pairs */
export function normalize(pairs: readonly (readonly [number, number])[]): Ranges {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of sorted) {
    const n = out.length;
    if (n > 0 && lo <= out[n - 1] + 1) out[n - 1] = Math.max(out[n - 1], hi);
    else out.push(lo, hi);
  }
  return out;
}

function pairs(r: Ranges): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) out.push([r[i], r[i + 1]]);
  return out;
}

export const single = (cp: number): Ranges => [cp, cp];

export function union(a: Ranges, b: Ranges): Ranges {
  return normalize([...pairs(a), ...pairs(b)]);
}

export function negate(a: Ranges): Ranges {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] > next) out.push(next, a[i] - 1);
    next = a[i + 1] + 1;
  }
  if (next <= MAX_CP) out.push(next, MAX_CP);
  return out;
}

export function intersect(a: Ranges, b: Ranges): Ranges {
  return negate(union(negate(a), negate(b)));
}

export function difference(a: Ranges, b: Ranges): Ranges {
  return intersect(a, negate(b));
}

export function symmetricDifference(a: Ranges, b: Ranges): Ranges {
  return union(difference(a, b), difference(b, a));
}

/**
 * Simple case folding, as Rust's `(?i)` applies it: a code point's lower and upper case
 * mappings (when they are single code points), plus the folds that no case mapping reaches
 * from the common letter (the Kelvin sign from `k`, the long s from `s`, Greek symbol forms…).
 */
const EXTRA_FOLDS: readonly (readonly number[])[] = [
  [0x4b, 0x6b, 0x212a],
  [0x53, 0x73, 0x17f],
  [0xc5, 0xe5, 0x212b],
  [0xdf, 0x1e9e],
  [0x3a9, 0x3c9, 0x2126],
  [0x392, 0x3b2, 0x3d0],
  [0x395, 0x3b5, 0x3f5],
  [0x398, 0x3b8, 0x3d1, 0x3f4],
  [0x399, 0x3b9, 0x345, 0x1fbe],
  [0x39a, 0x3ba, 0x3f0],
  [0x39c, 0x3bc, 0xb5],
  [0x3a0, 0x3c0, 0x3d6],
  [0x3a1, 0x3c1, 0x3f1],
  [0x3a3, 0x3c3, 0x3c2],
  [0x3a6, 0x3c6, 0x3d5],
  [0x1e60, 0x1e61, 0x1e9b],
];

function mapped(cp: number, f: (s: string) => string): number | undefined {
  const s = f(String.fromCodePoint(cp));
  const c = s.codePointAt(0)!;
  return s.length === (c > 0xffff ? 2 : 1) ? c : undefined;
}

/** the highest code point with a case mapping (Adlam); nothing above it folds */
const LAST_CASED = 0x1e943;

export function caseClose(a: Ranges): Ranges {
  const add: [number, number][] = [];
  const put = (c: number | undefined) => c !== undefined && add.push([c, c]);
  for (let i = 0; i < a.length; i += 2) {
    for (let cp = a[i]; cp <= Math.min(a[i + 1], LAST_CASED); cp++) {
      const lo = mapped(cp, (s) => s.toLowerCase());
      const up = mapped(cp, (s) => s.toUpperCase());
      put(lo);
      put(up);
      if (up !== undefined) put(mapped(up, (s) => s.toLowerCase()));
      if (lo !== undefined) put(mapped(lo, (s) => s.toUpperCase()));
    }
  }
  let out = union(a, normalize(add));
  for (const group of EXTRA_FOLDS) {
    if (group.some((c) => contains(out, c))) out = union(out, normalize(group.map((c) => [c, c] as const)));
  }
  return out;
}

export function contains(r: Ranges, cp: number): boolean {
  for (let i = 0; i < r.length; i += 2) if (cp >= r[i] && cp <= r[i + 1]) return true;
  return false;
}

/** Rust's ASCII classes (regex-syntax `ClassAsciiKind`) */
export const ASCII_CLASSES: Readonly<Record<string, Ranges>> = Object.freeze({
  alnum: normalize([
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ]),
  alpha: normalize([
    [0x41, 0x5a],
    [0x61, 0x7a],
  ]),
  ascii: [0, 0x7f],
  blank: normalize([
    [9, 9],
    [0x20, 0x20],
  ]),
  cntrl: normalize([
    [0, 0x1f],
    [0x7f, 0x7f],
  ]),
  digit: [0x30, 0x39],
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: normalize([
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ]),
  space: normalize([
    [9, 0xd],
    [0x20, 0x20],
  ]),
  upper: [0x41, 0x5a],
  word: normalize([
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ]),
  xdigit: normalize([
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ]),
});

/**
 * Perl classes. `\d` and `\w` stay ASCII as JavaScript has them (Rust's are Unicode; see the
 * README's list of differences); `\s` is Rust's Unicode `White_Space`.
 */
export const PERL_CLASSES: Readonly<Record<'d' | 'w' | 's', Ranges>> = Object.freeze({
  d: ASCII_CLASSES.digit,
  w: ASCII_CLASSES.word,
  s: normalize([
    [9, 0xd],
    [0x20, 0x20],
    [0x85, 0x85],
    [0xa0, 0xa0],
    [0x1680, 0x1680],
    [0x2000, 0x200a],
    [0x2028, 0x2029],
    [0x202f, 0x202f],
    [0x205f, 0x205f],
    [0x3000, 0x3000],
  ]),
});

/**
 * A Unicode property (`\pL`, `\p{Greek}`, `\p{sc=Greek}`) as ranges, read from V8's own tables
 * by testing every code point against a `u`-mode RegExp of the one property (a single-class
 * pattern cannot backtrack). This costs tens of milliseconds, which is why constant patterns
 * are compiled once, when the script is (src/std/specialize.ts). Undefined for an unknown name.
 */
export function property(name: string): Ranges | undefined {
  const re = propertyRegExp(name);
  if (!re) return undefined;
  const out: number[] = [];
  let start = -1;
  for (let cp = 0; cp <= MAX_CP + 1; cp++) {
    const hit = cp <= MAX_CP && re.test(String.fromCodePoint(cp));
    if (hit && start < 0) start = cp;
    else if (!hit && start >= 0) {
      out.push(start, cp - 1);
      start = -1;
    }
  }
  return out;
}

function propertyRegExp(name: string): RegExp | undefined {
  const eq = name.indexOf('=');
  const candidates = eq >= 0 ? [`${longKey(name.slice(0, eq).trim())}=${name.slice(eq + 1).trim()}`] : [name, `Script=${name}`, `General_Category=${name}`];
  for (const c of candidates) {
    if (!/^[A-Za-z0-9_=]+$/.test(c)) continue;
    try {
      return new RegExp(`^\\p{${c}}$`, 'u');
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

function longKey(k: string): string {
  const key = k.toLowerCase().replace(/[\s_-]/g, '');
  if (key === 'sc' || key === 'script') return 'Script';
  if (key === 'scx' || key === 'scriptextensions') return 'Script_Extensions';
  if (key === 'gc' || key === 'generalcategory') return 'General_Category';
  return k;
}
