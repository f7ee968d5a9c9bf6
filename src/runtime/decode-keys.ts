/**
 * Some keys of a checked JSON text: the top-level record with only `keys` decoded, for code
 * that reads nothing else of the payload (src/lang/payload-reads.ts, event.ts LazyEvent).
 * The text must have passed `validCanonical` (json-canonical.ts): valid, no whitespace, no
 * escapes, integers of at most 15 digits, no key twice — so strings are their slices and
 * numbers `Number()` of theirs. Each key found is decoded whole; a key the text lacks is
 * missing from the result, as it is from the whole payload.
 */
import { setKey, type Rec, type Value } from './value.js';

/** the record with just `keys` (null when the text is not a record: decode it whole) */
export function decodeKeys(s: string, keys: readonly string[]): Rec | null {
  if (s.charCodeAt(0) !== 123) return null;
  const out: Rec = {};
  let i = 1;
  if (s.charCodeAt(i) === 125) return out;
  let wanted = keys.length;
  for (;;) {
    const j = s.indexOf('"', i + 1);
    const start = j + 2;
    const end = skip(s, start);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (key.length === j - i - 1 && s.startsWith(key, i + 1)) {
        setKey(out, key, value(s, start, end));
        wanted--;
        break;
      }
    }
    if (wanted === 0 || s.charCodeAt(end) === 125) return out;
    i = end + 1;
  }
}

/**
 * The top-level keys a node reads (src/lang/payload-reads.ts), and what makes finding them in
 * the next text cheap: texts from one source mostly share a layout, so each key is looked for
 * first where it was found last, and every partial record starts as a copy of one template
 * (the keys in order), so they all share one shape (the node's property reads stay
 * monomorphic).
 */
export class KeyReads {
  readonly keys: readonly string[];
  private readonly template: Rec = {};
  /** per key, the index into `spans` where it was found last */
  private readonly hint: Int32Array;

  constructor(keys: readonly string[]) {
    this.keys = [...new Set(keys)];
    for (const k of this.keys) setKey(this.template, k, undefined as unknown as Value);
    this.hint = new Int32Array(this.keys.length);
  }

  /**
   * the record with just the keys, from the offsets `validCanonical` gave while it checked the
   * text (`spans`: key start, key end, value start, value end per top-level key): no scanning
   */
  at(s: string, spans: readonly number[]): Rec {
    const out: Rec = { ...this.template };
    const { keys, hint } = this;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      let e = hint[k];
      if (!(e < spans.length && spans[e + 1] - spans[e] === key.length && s.startsWith(key, spans[e]))) {
        e = find(s, key, spans);
        if (e < 0) {
          delete out[key];
          continue;
        }
        hint[k] = e;
      }
      setKey(out, key, value(s, spans[e + 2], spans[e + 3]));
    }
    return out;
  }
}

/** the index into `spans` of the top-level key `key`, or -1 */
function find(s: string, key: string, spans: readonly number[]): number {
  for (let e = 0; e < spans.length; e += 4) if (spans[e + 1] - spans[e] === key.length && s.startsWith(key, spans[e])) return e;
  return -1;
}

/**
 * Decodes the value at `start` (ending at `end`). A checked text needs no general parser:
 * strings are slices, integers `Number()`; containers are walked with a cursor, about three
 * times as fast as `JSON.parse` of their slice for the short arrays and records of logs.
 */
function value(s: string, start: number, end: number): Value {
  const c = s.charCodeAt(start);
  if (c === 34) return s.slice(start + 1, end - 1);
  if (c === 123 || c === 91) return new Cursor(s, start).value();
  if (c === 116) return true;
  if (c === 102) return false;
  if (c === 110) return null;
  return Number(s.slice(start, end));
}

class Cursor {
  constructor(
    private readonly s: string,
    private i: number,
  ) {}

  value(): Value {
    const s = this.s;
    const c = s.charCodeAt(this.i);
    if (c === 34) {
      const j = s.indexOf('"', this.i + 1);
      const v = s.slice(this.i + 1, j);
      this.i = j + 1;
      return v;
    }
    if (c === 91) {
      const out: Value[] = [];
      this.i++;
      if (s.charCodeAt(this.i) === 93) {
        this.i++;
        return out;
      }
      for (;;) {
        out.push(this.value());
        // `,` or `]`
        if (s.charCodeAt(this.i++) === 93) return out;
      }
    }
    if (c === 123) {
      const out: Rec = {};
      this.i++;
      if (s.charCodeAt(this.i) === 125) {
        this.i++;
        return out;
      }
      for (;;) {
        const j = s.indexOf('"', this.i + 1);
        const key = s.slice(this.i + 1, j);
        this.i = j + 2;
        setKey(out, key, this.value());
        if (s.charCodeAt(this.i++) === 125) return out;
      }
    }
    const end = skip(s, this.i);
    const v = value(s, this.i, end);
    this.i = end;
    return v;
  }
}

/** the index after the value at `i` */
function skip(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 34) return s.indexOf('"', i + 1) + 1;
  if (c === 123 || c === 91) {
    let depth = 0;
    for (;;) {
      const d = s.charCodeAt(i);
      if (d === 34) {
        i = s.indexOf('"', i + 1) + 1;
        continue;
      }
      if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        if (--depth === 0) return i + 1;
      }
      i++;
    }
  }
  if (c === 116 || c === 110) return i + 4;
  if (c === 102) return i + 5;
  // an integer
  i++;
  while (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  return i;
}
