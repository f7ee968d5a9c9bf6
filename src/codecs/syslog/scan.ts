/**
 * The small scanners the syslog header parsers share, after `syslog_loose` (the Rust crate
 * Tremor parses syslog with) and the nom combinators it uses. Each works on a string and a
 * position and returns the position after what it read, or -1 / undefined when it does not
 * match, so the RFC 5424 and RFC 3164 parsers read as sequences, as nom's `tuple`s do.
 *
 * "Whitespace" is Rust's `char::is_whitespace` (Unicode White_Space), which differs from JS
 * `\s`: U+0085 is whitespace, the byte order mark U+FEFF is not (RFC 5424 messages start
 * with one). nom's `space0`/`space1` only take spaces and tabs.
 */

const WHITESPACE = /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const EDGES = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;
const U32_MAX = 4294967295;

/** Rust's `char::is_whitespace` for one UTF-16 unit (every White_Space character is in the BMP) */
export const isWhitespace = (c: string): boolean => WHITESPACE.test(c);

/** Rust's `str::trim` */
export const rustTrim = (s: string): string => s.replace(EDGES, '');

/** nom's `space0`: the position after any spaces and tabs */
export function spaces(s: string, pos: number): number {
  while (s[pos] === ' ' || s[pos] === '\t') pos++;
  return pos;
}

/** nom's `space1`: as `spaces`, but at least one is required (-1 when there is none) */
export function spaces1(s: string, pos: number): number {
  const end = spaces(s, pos);
  return end > pos ? end : -1;
}

/** an unsigned integer of ASCII digits at `pos` up to `max` (`digit1` parsed as a Rust integer) */
export function digits(s: string, pos: number, max = U32_MAX): { value: number; end: number } | undefined {
  let end = pos;
  while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++;
  if (end === pos) return undefined;
  const value = Number(s.slice(pos, end));
  return value <= max ? { value, end } : undefined;
}

/**
 * A header field: one or more characters up to whitespace, and up to a `:` unless `colons`
 * (the `:` ends the RFC 3164 header, so only the RFC 5424 app name may hold one). `-` is the
 * nil value, null here.
 */
export function headerField(s: string, pos: number, colons: boolean): { value: string | null; end: number } | undefined {
  let end = pos;
  while (end < s.length && !isWhitespace(s[end]) && (colons || s[end] !== ':')) end++;
  if (end === pos) return undefined;
  const value = s.slice(pos, end);
  return { value: value === '-' ? null : value, end };
}
