/**
 * A token-level view of troy / tremor / trickle source, enough for the duration rewrites
 * (durations.ts): comments and whitespace dropped; strings (with `#{…}` interpolation and
 * `"""` heredocs), backquoted identifiers, `|…|` test literals, numbers, identifiers and
 * punctuation kept with their offsets. Also exact rational arithmetic on number literals.
 */

export type TokenKind = 'str' | 'id' | 'test' | 'num' | 'p';

export interface Token {
  k: TokenKind;
  /** start offset in the source */
  s: number;
  /** end offset (exclusive) */
  e: number;
  /** text (for a backquoted identifier: without the quotes) */
  v: string;
}

const MULTI_P = ['>>>', '::', '==', '!=', '>=', '<=', '=>', '~=', '<<', '>>', '&&'];

/** after "#{": the index after the matching "}" */
function skipInterp(src: string, from: number): number {
  let depth = 1;
  let j = from;
  while (j < src.length) {
    const c = src[j];
    if (c === '"') {
      j = skipStr(src, j);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return j + 1;
    j++;
  }
  return src.length;
}

/** src[i] is '"': the index after the closing quote(s) */
function skipStr(src: string, i: number): number {
  const heredoc = src.startsWith('"""', i);
  let j = i + (heredoc ? 3 : 1);
  while (j < src.length) {
    const c = src[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (c === '#' && src[j + 1] === '{') {
      j = skipInterp(src, j + 2);
      continue;
    }
    if (heredoc ? src.startsWith('"""', j) : c === '"') return j + (heredoc ? 3 : 1);
    j++;
  }
  return src.length;
}

export function tokenize(src: string): Token[] {
  // sticky regexes keep their position (lastIndex): one pair per call
  const numRe = /0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9][0-9_]*)?(?:[eE][+-]?[0-9_]+)?/y;
  const idRe = /[A-Za-z_][A-Za-z0-9_]*/y;
  const toks: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '#') {
      const j = src.indexOf('\n', i);
      i = j < 0 ? src.length : j;
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const j = skipStr(src, i);
      toks.push({ k: 'str', s: i, e: j, v: src.slice(i, j) });
      i = j;
      continue;
    }
    if (c === '`') {
      let j = src.indexOf('`', i + 1);
      if (j < 0) j = src.length - 1;
      toks.push({ k: 'id', s: i, e: j + 1, v: src.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (c === '|') {
      // test literal / extractor: |…| with \ escapes
      let j = i + 1;
      while (j < src.length && src[j] !== '|') j += src[j] === '\\' ? 2 : 1;
      toks.push({ k: 'test', s: i, e: Math.min(j + 1, src.length), v: src.slice(i, j + 1) });
      i = j + 1;
      continue;
    }
    if (c >= '0' && c <= '9') {
      numRe.lastIndex = i;
      const m = numRe.exec(src)!;
      toks.push({ k: 'num', s: i, e: i + m[0].length, v: m[0] });
      i += m[0].length;
      continue;
    }
    idRe.lastIndex = i;
    const m = idRe.exec(src);
    if (m) {
      toks.push({ k: 'id', s: i, e: i + m[0].length, v: m[0] });
      i += m[0].length;
      continue;
    }
    const op = MULTI_P.find((o) => src.startsWith(o, i)) ?? c;
    toks.push({ k: 'p', s: i, e: i + op.length, v: op });
    i += op.length;
  }
  return toks;
}

/** an exact rational number */
export interface Rational {
  num: bigint;
  den: bigint;
}

function gcd(x: bigint, y: bigint): bigint {
  let a = x < 0n ? -x : x;
  let b = y < 0n ? -y : y;
  while (b) [a, b] = [b, a % b];
  return a;
}

/** a number literal (`1_000`, `0x10`, `1.5e3`) as a rational, or null */
export function parseNumLit(v: string): Rational | null {
  const s = v.replace(/_/g, '');
  if (/^0x[0-9a-f]+$/i.test(s)) return { num: BigInt(s), den: 1n };
  const m = /^(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(s);
  if (!m) return null;
  let num = BigInt(m[1] + (m[2] ?? ''));
  const exp = (m[3] ? parseInt(m[3], 10) : 0) - (m[2] ? m[2].length : 0);
  let den = 1n;
  if (exp >= 0) num *= 10n ** BigInt(exp);
  else den = 10n ** BigInt(-exp);
  return { num, den };
}

/** exact decimal text of num/den, no exponent (at most 40 decimals) */
export function fmtRational(n: bigint, d: bigint): string {
  const g = gcd(n, d) || 1n;
  const num = n / g;
  const den = d / g;
  if (den === 1n) return num.toString();
  let digits = 0;
  let scaled = num;
  do {
    digits++;
    scaled *= 10n;
  } while (scaled % den !== 0n && digits < 40);
  const s = (scaled / den).toString().padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`.replace(/0+$/, '').replace(/\.$/, '');
}
