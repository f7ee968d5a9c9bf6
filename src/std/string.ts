/**
 * std::string (reference §8.1). Lengths and indices count Unicode code points, as Rust's
 * `chars()` does, never UTF-16 units; `split` and `substr` keep the quirks of the Rust
 * implementation they mirror.
 */
import { stringify } from '../runtime/json.js';
import { stringBytes, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

function str(v: Value, f: string, arity: number): string {
  return typeof v === 'string' ? v : badType(f, arity);
}

/** a non-negative integer that fits a JS index, else a bad type (Rust's `as_usize`) */
function index(v: Value, f: string, arity: number): number {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'bigint' && v >= 0n) return Number.MAX_SAFE_INTEGER;
  return badType(f, arity);
}

function codePointCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // a high surrogate followed by a low one is one code point
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** the UTF-16 offset of the n-th code point, or -1 when the string is shorter */
function offsetOf(s: string, n: number): number {
  let i = 0;
  for (let k = 0; k < n; k++) {
    if (i >= s.length) return -1;
    const c = s.codePointAt(i)!;
    i += c > 0xffff ? 2 : 1;
  }
  return i < s.length ? i : -1;
}

const FORMAT_ARG = 'expected 1st parameter to format to be a format specifier e.g. to print a number use `string::format("{}", 1)`';

/** `{}` placeholders, `{{` / `}}` (and `\{` / `\}`) for literal braces; messages are Tremor's */
function format(...args: Value[]): Value {
  const f = 'string::format';
  const n = args.length;
  const fmt = args[0];
  if (typeof fmt !== 'string') return fnError(f, n, FORMAT_ARG);
  const chars = Array.from(fmt);
  let next = 1;
  let out = '';
  for (let pos = 0; pos < chars.length; pos++) {
    const c = chars[pos];
    if (c === '\\' && (chars[pos + 1] === '{' || chars[pos + 1] === '}')) {
      out += chars[++pos];
    } else if (c === '{') {
      const d = chars[++pos];
      if (d === '}') {
        if (next >= n) {
          return fnError(f, n, `the arguments passed to the format function are less than the \`{}\` specifiers in the format string. The placeholder at ${pos - 1} can not be filled`);
        }
        const arg = args[next++];
        out += typeof arg === 'string' ? arg : stringify(arg);
      } else if (d === '{') {
        out += '{';
      } else {
        return fnError(f, n, `the format specifier at ${pos - 1} is invalid. If you want to use \`{\` as a literal in the string, you need to escape it with \`{{\``);
      }
    } else if (c === '}') {
      if (chars[++pos] !== '}') {
        return fnError(f, n, `the format specifier at ${pos - 1} is invalid. You have to terminate \`}\` with another \`}\` to escape it`);
      }
      out += '}';
    } else {
      out += c;
    }
  }
  if (next < n) return fnError(f, n, 'too many parameters passed. Ensure that you have the same number of {} in your format string');
  return out;
}

// Unicode White_Space, which is what Rust's trim uses (JS trim also strips U+FEFF and misses U+0085)
const LEADING_WS = /^\p{White_Space}+/u;
const TRAILING_WS = /\p{White_Space}+$/u;

/** Rust `str::split`: an empty separator yields "" around every code point */
function split(s: string, sep: string): Value[] {
  if (sep === '') return ['', ...Array.from(s), ''];
  return s.split(sep);
}

/**
 * Code points [start, end). Tremor's quirks: a start beyond the string means 0, an end
 * beyond it means the end. A start after the end would panic in Rust; here it is an error.
 */
function substr(s: Value, start: Value, end: Value): Value {
  const f = 'string::substr';
  const input = str(s, f, 3);
  const a = index(start, f, 3);
  const b = index(end, f, 3);
  const from = offsetOf(input, a);
  const to = offsetOf(input, b);
  const i = from < 0 ? 0 : from;
  const j = to < 0 ? input.length : to;
  if (i > j) return fnError(f, 3, `start index ${a} is after end index ${b}`);
  return input.slice(i, j);
}

const lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export const string: StdModule = module([
  fn('string::format', format, { min: 1, max: Infinity }),
  fn('string::is_empty', (s: Value) => str(s, 'string::is_empty', 1) === ''),
  fn('string::len', (s: Value) => codePointCount(str(s, 'string::len', 1))),
  fn('string::bytes', (s: Value) => stringBytes(str(s, 'string::bytes', 1)).length),
  fn('string::replace', (s: Value, from: Value, to: Value) => {
    const f = 'string::replace';
    return str(s, f, 3).replaceAll(str(from, f, 3), str(to, f, 3));
  }),
  fn('string::trim', (s: Value) => str(s, 'string::trim', 1).replace(LEADING_WS, '').replace(TRAILING_WS, '')),
  fn('string::trim_start', (s: Value) => str(s, 'string::trim_start', 1).replace(LEADING_WS, '')),
  fn('string::trim_end', (s: Value) => str(s, 'string::trim_end', 1).replace(TRAILING_WS, '')),
  fn('string::lowercase', (s: Value) => str(s, 'string::lowercase', 1).toLowerCase()),
  fn('string::uppercase', (s: Value) => str(s, 'string::uppercase', 1).toUpperCase()),
  fn('string::capitalize', (s: Value) => {
    const input = str(s, 'string::capitalize', 1);
    const first = input.codePointAt(0);
    if (first === undefined) return '';
    const head = String.fromCodePoint(first);
    return head.toUpperCase() + input.slice(head.length);
  }),
  fn('string::substr', substr),
  fn('string::split', (s: Value, sep: Value) => split(str(s, 'string::split', 2), str(sep, 'string::split', 2))),
  fn('string::contains', (s: Value, needle: Value) => str(s, 'string::contains', 2).includes(str(needle, 'string::contains', 2))),
  fn('string::from_utf8_lossy', (b: Value) => (b instanceof Uint8Array ? lossy.decode(b) : badType('string::from_utf8_lossy', 1))),
  fn('string::into_binary', (s: Value) => stringBytes(str(s, 'string::into_binary', 1))),
  fn('string::reverse', (s: Value) =>
    Array.from(str(s, 'string::reverse', 1))
      .reverse()
      .join(''),
  ),
]);
