/**
 * JSON text <-> Tremor values, lossless for 64-bit integers and for integral floats.
 *
 * Decoding has a fast path: `JSON.parse` is exact whenever the text holds no integral float
 * (`1.0`, `2e3`) and no integer beyond 2^53, and a cheap regular expression rules both out for
 * typical log lines. Anything it cannot rule out goes through `parseExact`, a small
 * recursive-descent parser that keeps each number's lexical kind.
 *
 * Encoding prints floats like Rust's ryu, as Tremor does: integral floats keep `.0`, the
 * exponent form starts at 1e16 and below 1e-5 (reference §10.3).
 *
 * Limits, the same both ways (README, Limits):
 * - Nesting: at most `MAX_DEPTH` (1024) levels of arrays and records, as simdjson's default
 *   (Tremor's simd-json parses with an explicit stack; serde_json stops at 128). Deeper text
 *   is a `JsonError`; a deeper value (built by a script) cannot be encoded (`NestingError`).
 *   The walks below recurse at most that deep, so no input can overflow the stack.
 * - Numbers: a number outside the float range (`1e400`) is a `JsonError`, never `null` or
 *   an infinity.
 */
import { FloatBox, I64_MIN, U64_MAX, float, intFromBig, isRecord, setKey, type Rec, type Value } from './value.js';

/**
 * Does `JSON.parse` lose anything on this text? Only number tokens matter, so strings are
 * skipped with `indexOf` and each number is checked: an exponent or a fraction of zeros
 * (an integral float that JSON.parse would make an integer), 16 or more integer digits (maybe
 * beyond 2^53), or 15 or more fraction digits (may round to an integral value). False
 * positives only cost speed; malformed text also goes to the exact parser, which explains it.
 */
export function needsExact(s: string): boolean {
  const n = s.length;
  let i = 0;
  // nesting outside strings: deeper than the limit goes to the exact parser, which says so
  let depth = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      // skip a string: find the closing quote that is not escaped
      let from = i + 1;
      for (;;) {
        const j = s.indexOf('"', from);
        if (j < 0) return true;
        let k = j - 1;
        while (s.charCodeAt(k) === 92) k--;
        from = j + 1;
        if ((j - 1 - k) % 2 === 0) break;
      }
      i = from;
    } else if ((c >= 48 && c <= 57) || c === 45) {
      let intDigits = 0;
      if (c === 45) i++;
      while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
        i++;
        intDigits++;
      }
      if (intDigits >= 16) return true;
      let d = s.charCodeAt(i);
      if (d === 46) {
        i++;
        let fracDigits = 0;
        let nonZero = false;
        while (i < n) {
          d = s.charCodeAt(i);
          if (d < 48 || d > 57) break;
          if (d !== 48) nonZero = true;
          fracDigits++;
          i++;
        }
        if (!nonZero || fracDigits >= 15) return true;
        d = s.charCodeAt(i);
      }
      if (d === 101 || d === 69) return true;
    } else {
      if (c === 123 || c === 91) {
        if (++depth > MAX_DEPTH) return true;
      } else if (c === 125 || c === 93) depth--;
      i++;
    }
  }
  return false;
}

/** the deepest nesting of arrays and records that is parsed or encoded (see above) */
export const MAX_DEPTH = 1024;

/** a value nested deeper than `MAX_DEPTH` given to an encoder */
export class NestingError extends Error {
  constructor() {
    super(`the value is nested deeper than ${MAX_DEPTH} levels and cannot be encoded`);
    this.name = 'NestingError';
  }
}

const tooDeep = (offset: number) => new JsonError(`nesting deeper than ${MAX_DEPTH} levels`, offset);

export class JsonError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'JsonError';
  }
}

/**
 * Exact decoding: integers keep all 64 bits and `1.0` stays a float. Used wherever Tremor's
 * semantics are observable on the decoded value (json::decode, the json extractor, the
 * conformance harness, `--exact-numbers`).
 */
export function parseJson(text: string): Value {
  if (!needsExact(text)) {
    try {
      return JSON.parse(text) as Value;
    } catch {
      // fall through: the exact parser produces a positioned message
    }
  }
  return parseExact(text);
}

/**
 * Fast decoding for event streams: `JSON.parse`, then a walk of the result for integers
 * beyond 2^53, which are decoded again exactly. A float written with a zero fraction (`1.0`)
 * is read as the integer it equals, as jq and most JSON tools do (DECISIONS.md: integral
 * floats may print without `.0`); skipping the text scan that would tell them apart is what
 * keeps decoding at JSON.parse speed.
 */
export function parseJsonFast(text: string): Value {
  let v: Value;
  try {
    v = JSON.parse(text) as Value;
  } catch {
    return parseExact(text);
  }
  // the walk also finds what needs the exact parser's verdict: a nesting too deep, an
  // infinity (a number beyond the float range)
  const unsafe = typeof v === 'number' ? v > MAX_SAFE || v < -MAX_SAFE : typeof v === 'object' && v !== null && hasUnsafeInteger(v, 1);
  return unsafe ? parseExact(text) : v;
}

const MAX_SAFE = 9007199254740991;

/** a container holding an integer JSON.parse may have rounded (beyond 2^53), or too deep */
function hasUnsafeInteger(v: object, depth: number): boolean {
  if (depth > MAX_DEPTH) return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'number' ? x > MAX_SAFE || x < -MAX_SAFE : typeof x === 'object' && x !== null && hasUnsafeInteger(x, depth + 1)) return true;
    }
    return false;
  }
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === 'number' ? x > MAX_SAFE || x < -MAX_SAFE : typeof x === 'object' && x !== null && hasUnsafeInteger(x, depth + 1)) return true;
  }
  return false;
}

export function parseExact(text: string): Value {
  const p = new ExactParser(text);
  p.ws();
  const v = p.value();
  p.ws();
  if (p.i < text.length) throw new JsonError(`unexpected ${JSON.stringify(text[p.i])} after the JSON value`, p.i);
  return v;
}

class ExactParser {
  i = 0;
  /** arrays and records open around the current position */
  depth = 0;
  constructor(readonly s: string) {}

  ws(): void {
    const s = this.s;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  fail(what: string): never {
    if (this.i >= this.s.length) throw new JsonError(`unexpected end of input, expected ${what}`, this.i);
    throw new JsonError(`unexpected ${JSON.stringify(this.s[this.i])}, expected ${what}`, this.i);
  }

  value(): Value {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    switch (c) {
      case 123: // {
        return this.record();
      case 91: // [
        return this.array();
      case 34: // "
        return this.string();
      case 116: // t
        return this.word('true', true);
      case 102: // f
        return this.word('false', false);
      case 110: // n
        return this.word('null', null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        return this.fail('a JSON value');
    }
  }

  word<T extends Value>(w: string, v: T): T {
    if (!this.s.startsWith(w, this.i)) this.fail('a JSON value');
    this.i += w.length;
    return v;
  }

  record(): Rec {
    const out: Rec = {};
    if (++this.depth > MAX_DEPTH) throw tooDeep(this.i);
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 125) {
      this.i++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.s.charCodeAt(this.i) !== 34) this.fail('a string key');
      const k = this.string();
      this.ws();
      if (this.s.charCodeAt(this.i) !== 58) this.fail("':'");
      this.i++;
      this.ws();
      setKey(out, k, this.value());
      this.ws();
      const c = this.s.charCodeAt(this.i);
      this.i++;
      if (c === 44) continue;
      if (c === 125) {
        this.depth--;
        return out;
      }
      this.i--;
      this.fail("',' or '}'");
    }
  }

  array(): Value[] {
    const out: Value[] = [];
    if (++this.depth > MAX_DEPTH) throw tooDeep(this.i);
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 93) {
      this.i++;
      this.depth--;
      return out;
    }
    for (;;) {
      this.ws();
      out.push(this.value());
      this.ws();
      const c = this.s.charCodeAt(this.i);
      this.i++;
      if (c === 44) continue;
      if (c === 93) {
        this.depth--;
        return out;
      }
      this.i--;
      this.fail("',' or ']'");
    }
  }

  string(): string {
    const s = this.s;
    const start = this.i;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        i += 2;
        continue;
      }
      if (c < 32 || i >= s.length) {
        this.i = i;
        this.fail(i >= s.length ? 'a closing quote' : 'an escaped control character');
      }
      i++;
    }
    this.i = i + 1;
    if (!escaped) return s.slice(start + 1, i);
    try {
      return JSON.parse(s.slice(start, i + 1)) as string;
    } catch {
      this.i = start;
      return this.fail('a valid string escape');
    }
  }

  number(): Value {
    const s = this.s;
    const start = this.i;
    let i = start;
    if (s.charCodeAt(i) === 45) i++;
    const digits0 = i;
    while (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    if (i === digits0) {
      this.i = i;
      this.fail('a digit');
    }
    if (s.charCodeAt(digits0) === 48 && i > digits0 + 1) {
      // JSON has no leading zeros (`01`), as JSON.parse and simd-json say
      this.i = digits0 + 1;
      this.fail('a number without leading zeros');
    }
    let isFloat = false;
    if (s.charCodeAt(i) === 46) {
      isFloat = true;
      i++;
      const f0 = i;
      while (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      if (i === f0) {
        this.i = i;
        this.fail('a digit after the decimal point');
      }
    }
    const e = s.charCodeAt(i);
    if (e === 101 || e === 69) {
      isFloat = true;
      i++;
      if (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) i++;
      const e0 = i;
      while (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
      if (i === e0) {
        this.i = i;
        this.fail('an exponent');
      }
    }
    this.i = i;
    const text = s.slice(start, i);
    if (text.length <= 15 && !isFloat) return Number(text);
    const b = isFloat ? null : BigInt(text);
    // beyond Tremor's integer range a number can only be a float
    if (b !== null && b >= I64_MIN && b <= U64_MAX) return intFromBig(b);
    const x = Number(text);
    if (!Number.isFinite(x)) {
      this.i = start;
      throw new JsonError(`number out of range: ${text.length > 24 ? text.slice(0, 20) + '…' : text}`, start);
    }
    return float(x);
  }
}

// ------------------------------------------------------------------------------ encoding

/** Rust ryu formatting of a float (reference §10.3). */
export function formatFloat(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'NaN' : x > 0 ? 'inf' : '-inf';
  const ax = Math.abs(x);
  // JS and ryu agree on plain decimal notation between 1e-5 and 1e16 for non-integral values
  if (ax >= 1e-5 && ax < 1e16 && !Number.isInteger(x)) return String(x);
  const sign = x < 0 ? '-' : '';
  const [m, e] = ax.toExponential().split('e');
  const d = m.replace('.', '');
  const n = d.length;
  const kk = Number(e) + 1;
  const k = kk - n;
  if (k >= 0 && kk <= 16) return sign + d + '0'.repeat(k) + '.0';
  if (kk > 0 && kk <= 16) return sign + d.slice(0, kk) + '.' + d.slice(kk);
  if (kk > -5 && kk <= 0) return sign + '0.' + '0'.repeat(-kk) + d;
  if (n === 1) return sign + d + 'e' + (kk - 1);
  return sign + d[0] + '.' + d.slice(1) + 'e' + (kk - 1);
}

/** A float as JSON: NaN and infinities have no JSON form; they are written as null. */
function jsonFloat(x: number): string {
  return Number.isFinite(x) ? formatFloat(x) : 'null';
}

const BASE64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/**
 * True when `JSON.stringify` writes `v` exactly as Tremor does: no bigint, integral float,
 * binary, non-finite or tiny float anywhere (JS and ryu agree on every other number).
 */
function plain(v: Value, depth: number): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isInteger(v) || (Number.isFinite(v) && (v >= 1e-5 || v <= -1e-5));
    case 'object':
      if (v === null) return true;
      if (depth >= MAX_DEPTH) throw new NestingError();
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!plain(v[i], depth + 1)) return false;
        return true;
      }
      if (v instanceof FloatBox || v instanceof Uint8Array) return false;
      for (const k in v) if (!plain((v as Rec)[k], depth + 1)) return false;
      return true;
    default:
      return false;
  }
}

/**
 * Compact JSON, record keys in insertion order; the engine's JSON.stringify when it agrees.
 * Throws `NestingError` for a value nested deeper than `MAX_DEPTH`.
 */
export function stringify(v: Value): string {
  return plain(v, 0) ? JSON.stringify(v) : stringifyExact(v, 0);
}

function stringifyExact(v: Value, depth: number): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isInteger(v) ? '' + v : jsonFloat(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    default:
      if (v === null) return 'null';
      if (v instanceof FloatBox) return jsonFloat(v.fv);
      if (v instanceof Uint8Array) return '"' + BASE64(v) + '"';
      if (depth >= MAX_DEPTH) throw new NestingError();
      if (Array.isArray(v)) {
        if (v.length === 0) return '[]';
        let out = '[' + stringifyExact(v[0], depth + 1);
        for (let i = 1; i < v.length; i++) out += ',' + stringifyExact(v[i], depth + 1);
        return out + ']';
      }
      return stringifyRecord(v as Rec, depth + 1);
  }
}

function stringifyRecord(r: Rec, depth: number): string {
  let out = '{';
  let first = true;
  for (const k in r) {
    if (first) first = false;
    else out += ',';
    out += JSON.stringify(k) + ':' + stringifyExact(r[k], depth);
  }
  return out + '}';
}

/** Compact JSON with recursively sorted keys: Tremor's `sorted` mode and canonical form. */
export function stringifySorted(v: Value, depth = 0): string {
  const isArray = Array.isArray(v);
  if (!isArray && !isRecord(v)) return stringify(v);
  if (depth >= MAX_DEPTH) throw new NestingError();
  if (isArray) return '[' + v.map((x) => stringifySorted(x, depth + 1)).join(',') + ']';
  const keys = Object.keys(v).sort(compareKeys);
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + stringifySorted(v[k], depth + 1)).join(',') + '}';
}

function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Pretty JSON with two-space indentation (json::encode_pretty). */
export function stringifyPretty(v: Value, indent = ''): string {
  const inner = indent + '  ';
  if ((Array.isArray(v) || isRecord(v)) && indent.length >= 2 * MAX_DEPTH) throw new NestingError();
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[\n' + v.map((x) => inner + stringifyPretty(x, inner)).join(',\n') + '\n' + indent + ']';
  }
  if (isRecord(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    return '{\n' + keys.map((k) => inner + JSON.stringify(k) + ': ' + stringifyPretty(v[k], inner)).join(',\n') + '\n' + indent + '}';
  }
  return stringify(v);
}

/** Record helper for decoders that build values key by key. */
export function recordFrom(entries: Iterable<[string, Value]>): Rec {
  const r: Rec = {};
  for (const [k, v] of entries) setKey(r, k, v);
  return r;
}
