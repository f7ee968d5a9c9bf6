/**
 * A second, independent way to decide canonical JSON (src/runtime/json-canonical.ts), by
 * decoding: the lexical rules checked on the text, then the decoded value's keys counted
 * against the text's `:`s (a repeated key decodes to one). The tests check `validCanonical`
 * and the raw pass-through against it.
 */
import { MAX_DEPTH, parseJson } from '../../src/runtime/json.js';
import type { Value } from '../../src/runtime/value.js';

export interface Decoded {
  value: Value;
  canonical: boolean;
}

/** decodes `text` as parseJson does, and tells whether it is canonical */
export function parseCanonical(text: string): Decoded {
  const keys = canonicalKeys(text);
  if (keys < 0) return { value: parseJson(text), canonical: false };
  let value: Value;
  try {
    value = JSON.parse(text) as Value;
  } catch {
    return { value: parseJson(text), canonical: false };
  }
  return { value, canonical: typeof value === 'object' && value !== null && countKeys(value) === keys };
}

/**
 * The number of record keys in a text that passes the lexical checks above, or -1. Strings
 * are skipped with `indexOf` (the text has no backslash, so the next quote closes them).
 */
function canonicalKeys(s: string): number {
  if (s.indexOf('\\') >= 0) return -1;
  const n = s.length;
  let keys = 0;
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      const j = s.indexOf('"', i + 1);
      if (j < 0) return -1;
      if (s.charCodeAt(j + 1) === 58) {
        // a key: `"…":`
        const k = s.charCodeAt(i + 1);
        if (k >= 48 && k <= 57) return -1;
        keys++;
        i = j + 2;
      } else i = j + 1;
    } else if (c >= 48 && c <= 57) {
      let digits = 0;
      while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
        i++;
        digits++;
      }
      const d = s.charCodeAt(i);
      if (digits > 15 || d === 46 || d === 101 || d === 69) return -1;
    } else if (c === 45) {
      // `-0` and `-0…` are not canonical (and `-01` is not JSON)
      if (s.charCodeAt(i + 1) === 48) return -1;
      i++;
    } else if (c === 123 || c === 91) {
      if (++depth > MAX_DEPTH) return -1;
      i++;
    } else if (c === 125 || c === 93) {
      depth--;
      i++;
    } else if (c === 44 || c === 116 || c === 102 || c === 110 || c === 114 || c === 117 || c === 101 || c === 97 || c === 108 || c === 115) {
      // `,` and the letters of true, false, null (the parse checks the words)
      i++;
    } else return -1;
  }
  return keys;
}

/** the record keys in a decoded value (it is at most MAX_DEPTH deep: the text was checked) */
function countKeys(v: Value): number {
  if (Array.isArray(v)) {
    let n = 0;
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x === 'object' && x !== null) n += countKeys(x);
    }
    return n;
  }
  let n = 0;
  for (const k in v as Record<string, Value>) {
    n++;
    const x = (v as Record<string, Value>)[k];
    if (typeof x === 'object' && x !== null) n += countKeys(x);
  }
  return n;
}
