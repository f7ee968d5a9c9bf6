/**
 * A parsed Rust pattern (src/std/regex-syntax.ts) as JavaScript source that V8's linear-time
 * engine can run: no `u` or `i` flag, no look-around, no backreferences (see src/std/regex.ts
 * for why). Without `u`, JavaScript matches UTF-16 code units, so every set is spelt out in
 * units: code points above U+FFFF become surrogate-pair alternatives tried before the
 * single-unit class, so `.` or `[^a]` still consume a whole emoji as Rust consumes a whole
 * char. Case-insensitivity was already folded into the sets by the parser.
 *
 * Anchors: Rust's `\A` and `\z` are JavaScript's `^` and `$` without the `m` flag, and its
 * multi-line `^` and `$` are theirs with it; one pattern cannot have both kinds, since the
 * look-behind that would tell them apart has no linear-time form.
 *
 * V8's engine also refuses counted repetitions that multiply past 16 copies (`x{40}`): with
 * `unroll`, those without capture groups are written out (`xxx…`, `(?:x(?:x)?)?`), which
 * means the same and which it accepts.
 */
import type { Node } from './regex-syntax.js';
import { RegexSyntaxError } from './regex-syntax.js';
import type { Ranges } from './regex-charset.js';

/** longest JavaScript source an unrolled pattern may grow to (Rust has a size limit too) */
const MAX_SOURCE = 200_000;

export function emit(root: Node, unroll: boolean): { source: string; flags: string } {
  const anchors = new Map<string, number>();
  collectAnchors(root, anchors);
  const abs = anchors.get('start') ?? anchors.get('end');
  const line = anchors.get('lineStart') ?? anchors.get('lineEnd');
  if (abs !== undefined && line !== undefined) {
    throw new RegexSyntaxError('the linear-time engine cannot mix \\A, \\z or single-line ^ $ with multi-line (?m) ^ $', Math.max(abs, line));
  }
  const source = node(root, unroll);
  if (source.length > MAX_SOURCE) throw new RegexSyntaxError('compiled regex exceeds size limit', 0);
  return { source, flags: line !== undefined ? 'm' : '' };
}

function collectAnchors(n: Node, out: Map<string, number>): void {
  switch (n.t) {
    case 'assert':
      if (!out.has(n.kind)) out.set(n.kind, n.at);
      return;
    case 'seq':
    case 'alt':
      for (const x of n.items) collectAnchors(x, out);
      return;
    case 'group':
    case 'rep':
      collectAnchors(n.body, out);
      return;
    case 'set':
      return;
  }
}

function node(n: Node, unroll: boolean): string {
  switch (n.t) {
    case 'set':
      return set(n.r);
    case 'seq':
      return n.items.map((x) => node(x, unroll)).join('');
    case 'alt':
      return `(?:${n.items.map((x) => node(x, unroll)).join('|')})`;
    case 'group':
      return `(${n.name ? `?<${n.name}>` : ''}${node(n.body, unroll)})`;
    case 'assert':
      return n.kind === 'start' || n.kind === 'lineStart' ? '^' : n.kind === 'end' || n.kind === 'lineEnd' ? '$' : n.kind === 'word' ? '\\b' : '\\B';
    case 'rep':
      return rep(n, unroll);
  }
}

function rep(n: Extract<Node, { t: 'rep' }>, unroll: boolean): string {
  // `.*`, `\S+`, `[^"]*`: a run of a set holding every surrogate and every astral code point
  // is the same run of UTF-16 units, and the plain class is several times faster for irregexp
  const run = n.body.t === 'set' && n.max === Infinity && n.min <= 1 && allAstral(n.body.r);
  const body = run ? unitsOnly((n.body as { r: Ranges }).r) : atom(node(n.body, unroll));
  const lazy = n.greedy ? '' : '?';
  const { min, max } = n;
  if (unroll && !hasGroup(n.body) && (min > 1 || (max > 1 && max !== Infinity))) {
    let out = body.repeat(min);
    if (max === Infinity) return `${out}${body}*${lazy}`;
    let opt = '';
    for (let i = min; i < max; i++) opt = `(?:${body}${opt})?${lazy}`;
    out += opt;
    if (out.length > MAX_SOURCE) throw new RegexSyntaxError('compiled regex exceeds size limit', 0);
    return out;
  }
  const q = min === 0 && max === Infinity ? '*' : min === 1 && max === Infinity ? '+' : min === 0 && max === 1 ? '?' : max === Infinity ? `{${min},}` : min === max ? `{${min}}` : `{${min},${max}}`;
  return body + q + lazy;
}

function hasGroup(n: Node): boolean {
  switch (n.t) {
    case 'group':
      return true;
    case 'seq':
    case 'alt':
      return n.items.some(hasGroup);
    case 'rep':
      return hasGroup(n.body);
    default:
      return false;
  }
}

function allAstral(r: Ranges): boolean {
  let surrogates = false;
  for (let i = 0; i < r.length; i += 2) if (r[i] <= 0xd800 && r[i + 1] >= 0xdfff) surrogates = true;
  return surrogates && r[r.length - 2] <= 0x10000 && r[r.length - 1] === 0x10ffff;
}

/** the code-unit class of a set (its part up to U+FFFF) */
function unitsOnly(r: Ranges): string {
  const parts: string[] = [];
  for (let i = 0; i < r.length && r[i] <= 0xffff; i += 2) parts.push(unitClass(r[i], Math.min(r[i + 1], 0xffff)));
  return `[${parts.join('')}]`;
}

/** source that a quantifier can follow as it is */
function atom(src: string): string {
  if (/^(?:[A-Za-z0-9]|\\u[0-9a-f]{4}|\\[bB]|\[[^\]]*\])$/.test(src)) return src;
  if (src.startsWith('(') && src.endsWith(')') && closes(src)) return src;
  return `(?:${src})`;
}

/** does the `(` at 0 close at the very end? (escapes and classes are never raw parens here) */
function closes(src: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i === src.length - 1;
  }
  return false;
}

const unit = (u: number) => (/^[A-Za-z0-9]$/.test(String.fromCharCode(u)) ? String.fromCharCode(u) : `\\u${u.toString(16).padStart(4, '0')}`);

function unitClass(lo: number, hi: number): string {
  return lo === hi ? unit(lo) : hi === lo + 1 ? unit(lo) + unit(hi) : `${unit(lo)}-${unit(hi)}`;
}

/** a set of code points as UTF-16 source: surrogate pairs first, then one class of units */
function set(r: Ranges): string {
  if (r.length === 0) return '[]';
  const bmp: string[] = [];
  const alts: string[] = [];
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i];
    const hi = r[i + 1];
    if (lo <= 0xffff) bmp.push(unitClass(lo, Math.min(hi, 0xffff)));
    if (hi > 0xffff) alts.push(...astral(Math.max(lo, 0x10000), hi));
  }
  if (bmp.length === 1 && r.length === 2 && r[0] === r[1]) alts.push(bmp[0]);
  else if (bmp.length > 0) alts.push(`[${bmp.join('')}]`);
  return alts.length === 1 ? alts[0] : `(?:${alts.join('|')})`;
}

/** code points lo..hi (all above U+FFFF) as alternatives of surrogate pairs */
function astral(lo: number, hi: number): string[] {
  const hs = (cp: number) => 0xd800 + ((cp - 0x10000) >> 10);
  const ls = (cp: number) => 0xdc00 + ((cp - 0x10000) & 0x3ff);
  const [h1, l1, h2, l2] = [hs(lo), ls(lo), hs(hi), ls(hi)];
  const low = (a: number, b: number) => (a === b ? unit(a) : `[${unitClass(a, b)}]`);
  if (h1 === h2) return [unit(h1) + low(l1, l2)];
  // whole high surrogates (every low one after them) go in one alternative
  const fullFrom = l1 === 0xdc00 ? h1 : h1 + 1;
  const fullTo = l2 === 0xdfff ? h2 : h2 - 1;
  const out: string[] = [];
  if (fullFrom !== h1) out.push(unit(h1) + low(l1, 0xdfff));
  if (fullFrom <= fullTo) out.push(`${low(fullFrom, fullTo)}[\\udc00-\\udfff]`);
  if (fullTo !== h2) out.push(unit(h2) + low(0xdc00, l2));
  return out;
}
