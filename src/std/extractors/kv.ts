/**
 * `kv|pattern|`: splits a string into key/value pairs, following Tremor's `tremor-kv` crate.
 *
 * The rule only configures separators: every `%{key}<sep>%{val}` pair adds a key/value
 * separator, any other text (between, before or after the pairs) adds a field separator.
 * Defaults are a space between fields and `:` between key and value. Separators may not
 * overlap each other (a compile error). Fields that do not split into exactly one key and one
 * value are dropped; no pair at all is "no match".
 */
import { setKey, type Rec } from '../../runtime/value.js';
import { ExtractorRuleError, type ExtractorTest } from './extractor.js';

/** the crate's escape handling inside separators: `\\`, `\n`, `\t`, `\r`, nothing else */
function unescape(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = s[++i];
    if (n === undefined) throw new ExtractorRuleError("Unterminated escape at the end of line or of a delimiter %{ can't be escaped");
    if (n === '\\') out += '\\';
    else if (n === 'n') out += '\n';
    else if (n === 't') out += '\t';
    else if (n === 'r') out += '\r';
    else throw new ExtractorRuleError(`Invalid escape sequence \\'${n}' is not valid.`);
  }
  return out;
}

/** Rust's `sort` + `dedup` on strings: byte order, which equals UTF-16 order for BMP text */
function sortedUnique(xs: string[]): string[] {
  return [...new Set(xs)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function compile(rule: string): { fields: string[]; keys: string[] } {
  const fieldSeps: string[] = [];
  const keySeps: string[] = [];
  let i = 0;
  for (;;) {
    if (rule.startsWith('%{key}', i)) {
      i += 6;
      const v = rule.indexOf('%{val}', i);
      if (v < 0) throw new ExtractorRuleError(`invalid pattern at character ${i}`);
      if (v !== i) keySeps.push(unescape(rule.slice(i, v)));
      i = v + 6;
    } else {
      const k = rule.indexOf('%{key}', i);
      if (k >= 0) {
        if (k !== i) fieldSeps.push(unescape(rule.slice(i, k)));
        i = k;
      } else {
        if (i < rule.length) fieldSeps.push(unescape(rule.slice(i)));
        break;
      }
    }
  }
  const fields = sortedUnique(fieldSeps.length ? fieldSeps : [' ']);
  const keys = sortedUnique(keySeps.length ? keySeps : [':']);
  const double = (s: string) => new ExtractorRuleError(`The seperator '${s}' is used for both key value seperation as well as pair seperation.`);
  for (const fs of fields) {
    if (keys.some((ks) => ks.includes(fs)) || fields.some((o) => o !== fs && o.includes(fs))) throw double(fs);
  }
  for (const ks of keys) {
    if (fields.some((fs) => fs.includes(ks)) || keys.some((o) => o !== ks && o.includes(ks))) throw double(ks);
  }
  return { fields, keys };
}

/** splits by each separator in turn, like the crate's `multi_split` */
function multiSplit(input: string, seps: string[]): string[] {
  let parts = [input];
  for (const sep of seps) parts = parts.flatMap((p) => p.split(sep));
  return parts;
}

export function kv(rule: string): ExtractorTest {
  const { fields, keys } = compile(rule);
  return (s) => {
    const out: Rec = {};
    let any = false;
    for (const field of multiSplit(s, fields)) {
      const pair = multiSplit(field, keys);
      if (pair.length === 2) {
        any = true;
        setKey(out, pair[0], pair[1]);
      }
    }
    return any ? out : undefined;
  };
}
