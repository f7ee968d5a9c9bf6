/**
 * Canonical JSON text: text that `stringify` (src/runtime/json.ts) would write again byte for
 * byte from the value it decodes to. A source keeps such text undecoded (event.ts, LazyEvent)
 * with its bytes, and a sink writing the event unchanged with the same codec hands the bytes
 * on instead of encoding it again. Conservative: a text called canonical re-encodes
 * identically; any other text is decoded at once and only loses the short cut. Canonical
 * means:
 * - no whitespace outside strings, and no backslash anywhere (so no escapes, whose spelling
 *   `stringify` may not share: `\/`, `\u00e9`);
 * - numbers are integers of at most 15 digits, not `-0` (no fraction, no exponent: a float's
 *   shortest spelling may differ from the text's);
 * - no record key starts with a digit (JavaScript lists integer-like keys first, so their
 *   order would change) and no record repeats a key (the last one wins when decoded);
 * - nesting within the JSON limit, and a record or array at the top.
 * (test/connectors/canonical-oracle.ts decides the same by decoding: the tests compare them.)
 */
import { MAX_DEPTH } from './json.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point (JSON forbids them in strings)
const CONTROL = /[\x00-\x1f]/;

/**
 * Whether `s` is valid JSON that is canonical (see above) and holds a record or an array,
 * decided without decoding it: a source may then keep the text and decode it only when
 * something reads the payload (event.ts, LazyEvent). Every rule of the grammar is checked,
 * so a text that is not JSON is never taken; `false` only means "decode it now".
 *
 * `spans`, when given, receives four offsets per top-level key of a record (key start and end,
 * value start and end): what decode-keys.ts then reads without scanning the text again.
 */
export function validCanonical(s: string, spans: number[] | null = null): boolean {
  if (s.indexOf('\\') >= 0 || CONTROL.test(s)) return false;
  const c = s.charCodeAt(0);
  if (c === 123) return record(s, 0, 1, spans) === s.length;
  if (c === 91) return array(s, 0, 1) === s.length;
  return false;
}

/** the index after the value at `i`, or -1 */
function value(s: string, i: number, depth: number): number {
  const c = s.charCodeAt(i);
  if (c === 34) {
    const j = s.indexOf('"', i + 1);
    return j < 0 ? -1 : j + 1;
  }
  if (c === 123) return record(s, i, depth + 1, null);
  if (c === 91) return array(s, i, depth + 1);
  if (c === 45 || (c >= 48 && c <= 57)) return integer(s, i);
  if (c === 116) return s.startsWith('true', i) ? i + 4 : -1;
  if (c === 102) return s.startsWith('false', i) ? i + 5 : -1;
  if (c === 110) return s.startsWith('null', i) ? i + 4 : -1;
  return -1;
}

/** an integer of at most 15 digits, not `-0`, without fraction or exponent */
function integer(s: string, i: number): number {
  if (s.charCodeAt(i) === 45) i++;
  const first = s.charCodeAt(i);
  if (first < 48 || first > 57) return -1;
  const start = i;
  if (first === 48) {
    // `0` alone (`-0` is not canonical, `01` is not JSON)
    if (s.charCodeAt(start - 1) === 45) return -1;
    i++;
  } else {
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
  }
  if (i - start > 15) return -1;
  const d = s.charCodeAt(i);
  return d === 46 || d === 101 || d === 69 || (d >= 48 && d <= 57) ? -1 : i;
}

function array(s: string, i: number, depth: number): number {
  if (depth > MAX_DEPTH) return -1;
  i++;
  if (s.charCodeAt(i) === 93) return i + 1;
  for (;;) {
    i = value(s, i, depth);
    if (i < 0) return -1;
    const c = s.charCodeAt(i);
    if (c === 93) return i + 1;
    if (c !== 44) return -1;
    i++;
  }
}

/**
 * A record whose keys do not start with a digit and are all different. A key given twice is
 * found with a 64-bit filter of the keys' lengths and characters: only a key whose bits are
 * all set already is compared with the keys before it. The keys' offsets are kept with a
 * stride: in `spans` when given (4: key start and end, value start and end), else in an array
 * of their own (2).
 */
function record(s: string, i: number, depth: number, spans: number[] | null): number {
  if (depth > MAX_DEPTH) return -1;
  i++;
  if (s.charCodeAt(i) === 125) return i + 1;
  const keys: number[] = spans ?? [];
  const stride = spans === null ? 2 : 4;
  const from = keys.length;
  let lo = 0;
  let hi = 0;
  for (;;) {
    if (s.charCodeAt(i) !== 34) return -1;
    const start = i + 1;
    const j = s.indexOf('"', start);
    if (j < 0 || s.charCodeAt(j + 1) !== 58) return -1;
    const k = s.charCodeAt(start);
    if (k >= 48 && k <= 57) return -1;
    const h = (j - start) * 31 + k * 7 + s.charCodeAt(j - 1) * 3 + s.charCodeAt((start + j) >> 1);
    const bit1 = 1 << (h & 31);
    const bit2 = 1 << ((h >> 5) & 31);
    if ((lo & bit1) !== 0 && (hi & bit2) !== 0 && repeated(s, keys, from, stride, start, j)) return -1;
    lo |= bit1;
    hi |= bit2;
    i = j + 2;
    i = value(s, i, depth);
    if (i < 0) return -1;
    if (spans === null) keys.push(start, j);
    else spans.push(start, j, j + 2, i);
    const c = s.charCodeAt(i);
    if (c === 125) return i + 1;
    if (c !== 44) return -1;
    i++;
  }
}

/** whether s[start, end) is one of the keys already seen (`keys[from…]`, every `stride`) */
function repeated(s: string, keys: number[], from: number, stride: number, start: number, end: number): boolean {
  const len = end - start;
  for (let k = from; k < keys.length; k += stride) {
    const a = keys[k];
    if (keys[k + 1] - a !== len || s.charCodeAt(a) !== s.charCodeAt(start)) continue;
    let same = true;
    for (let x = 1; x < len; x++) {
      if (s.charCodeAt(a + x) !== s.charCodeAt(start + x)) {
        same = false;
        break;
      }
    }
    if (same) return true;
  }
  return false;
}
