/**
 * Rust `regex` syntax -> a JavaScript `u`-mode RegExp: the one translation used by `std::re`
 * and by the `re|…|` / `rerg|…|` extractors, so a pattern means the same in both.
 *
 * What changes: `(?P<name>…)` becomes `(?<name>…)`; leading inline flags `(?ims)` become JS
 * flags (Rust's `x` and mid-pattern flags have no JS equivalent and are rejected); `\A` and
 * `\z` become look-arounds (JS `^` and `$` move with the `m` flag, Rust's `\A`/`\z` do not);
 * `\x{…}` becomes `\u{…}`; `\pL` becomes `\p{L}`; ASCII classes `[[:alpha:]]` are spelt out;
 * a `]` first in a class is a literal as in Rust (JS would read an empty class); escaped
 * punctuation that `u` mode rejects (`\-`, `\#`, `\ `) becomes a hex escape. What JS cannot
 * express throws a SyntaxError, which callers turn into their own error.
 */

const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/'.split(''));
const isAlnum = (c: string) => /^[0-9A-Za-z]$/.test(c);

/** Rust's ASCII classes (regex-syntax `ClassAsciiKind`), as the body of a JS class */
const ASCII_CLASSES: Readonly<Record<string, string>> = Object.freeze({
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
});

function hex2(c: string): string {
  return '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0');
}

/** Rust pattern → [JS source, JS flags]; throws SyntaxError for what JS cannot express */
export function translate(pattern: string): [string, string] {
  let flags = 'u';
  let src = pattern;
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]) {
      if (f === 'i' || f === 'm' || f === 's') {
        if (!flags.includes(f)) flags += f;
      } else throw new SyntaxError(`unsupported inline flag \`${f}\``);
    }
    src = src.slice(lead[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const d = src[i + 1];
      if (d === undefined) throw new SyntaxError('pattern ends with a backslash');
      i++;
      if (d === 'A' && !inClass) out += '(?<![\\s\\S])';
      else if (d === 'z' && !inClass) out += '(?![\\s\\S])';
      else if (d === 'x' && src[i + 1] === '{') {
        const end = src.indexOf('}', i);
        if (end < 0) throw new SyntaxError('unterminated \\x{…} escape');
        out += '\\u{' + src.slice(i + 2, end) + '}';
        i = end;
      } else if ((d === 'p' || d === 'P') && src[i + 1] !== '{' && src[i + 1] !== undefined) {
        out += '\\' + d + '{' + src[++i] + '}';
      } else if (!isAlnum(d) && d.charCodeAt(0) < 128 && !JS_SYNTAX.has(d) && !(inClass && d === '-')) {
        out += hex2(d);
      } else out += '\\' + d;
    } else if (c === '[' && !inClass) {
      inClass = true;
      out += c;
      // a `]` right after `[` or `[^` is a literal in Rust, an empty class in JS
      if (src[i + 1] === '^') out += src[++i];
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
    } else if (c === '[' && inClass && src[i + 1] === ':') {
      const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
      if (!m) out += '\\[';
      else {
        const body = ASCII_CLASSES[m[2]];
        if (body === undefined) throw new SyntaxError(`unknown ASCII class \`${m[2]}\``);
        // a negated ASCII class inside a JS class needs set subtraction, which `u` mode lacks
        if (m[1]) throw new SyntaxError(`unsupported negated ASCII class \`[:^${m[2]}:]\``);
        out += body;
        i += m[0].length - 1;
      }
    } else if (c === ']' && inClass) {
      inClass = false;
      out += c;
    } else if (c === '(' && !inClass && src.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
    } else out += c;
  }
  return [out, flags];
}

/** a translated pattern as a RegExp; `extraFlags` adds JS-only flags such as `g` */
export function compileRegex(pattern: string, extraFlags = ''): RegExp {
  const [source, flags] = translate(pattern);
  return new RegExp(source, flags + extraFlags);
}
