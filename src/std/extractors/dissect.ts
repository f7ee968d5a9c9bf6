/**
 * `dissect|pattern|`: Tremor's `dissect` crate (loosely logstash's dissect filter).
 *
 * The pattern is a sequence of delimiters (literal text) and `%{…}` tokens:
 *   `%{a}` extract, `%{a:int|float|string}` typed, `%{+a}` append (joined with the last
 *   padding text, a space by default), `%{?a}` skip but remember, `%{&a}` use the remembered
 *   value of `a` as the key, `%{}` skip, `%{_}` / `%{_(chars)}` padding that is trimmed.
 * A field runs up to the first occurrence of the next delimiter (or padding); the last field
 * takes the rest. The whole input must be consumed. Two extracting tokens may not touch.
 * (Logstash's `->` modifier is not part of Tremor's dialect: `%{a->}` is a field `a->`.)
 */
import { float, intFromBig, setKey, type Rec, type Value } from '../../runtime/value.js';
import { ExtractorRuleError, type ExtractorTest } from './extractor.js';

type Conv = 'string' | 'int' | 'float';
type Command = { k: 'delim'; s: string } | { k: 'pad'; s: string } | { k: 'pat'; name: string; ignore: boolean; lookup: boolean; add: boolean; conv: Conv };

/** delimiter escapes: `\\`, `\n`, `\t`, `\r` */
function unescape(s: string): string {
  return s.replace(/\\([\s\S]?)/g, (_, c: string) => {
    if (c === '') throw new ExtractorRuleError("Unterminated escape at the end of line or of a delimiter %{ can't be escaped");
    const r = ({ '\\': '\\', n: '\n', t: '\t', r: '\r' } as Record<string, string>)[c];
    if (r === undefined) throw new ExtractorRuleError(`Invalid escape sequence \\'${c}' is not valid.`);
    return r;
  });
}

function typed(body: string, idx: number): [string, Conv] {
  const at = body.indexOf(':');
  if (at < 0) return [body, 'string'];
  const t = body.slice(at + 1);
  if (t !== 'int' && t !== 'float' && t !== 'string') throw new ExtractorRuleError(`Invalid type '${idx}' at ${t}`);
  return [body.slice(0, at), t];
}

function token(body: string, idx: number): Command {
  const base = { ignore: false, lookup: false, add: false };
  if (body === '') return { k: 'pat', name: '', ...base, ignore: true, conv: 'string' };
  switch (body[0]) {
    case '?':
      return { k: 'pat', name: body.slice(1), ...base, ignore: true, conv: 'string' };
    case '+':
      return { k: 'pat', name: body.slice(1), ...base, add: true, conv: 'string' };
    case '&': {
      const [name, conv] = typed(body.slice(1), idx);
      return { k: 'pat', name, ...base, lookup: true, conv };
    }
    case '_':
      if (body.length === 1) return { k: 'pad', s: ' ' };
      if (body.length >= 3 && body[1] === '(' && body.endsWith(')')) return { k: 'pad', s: body.slice(2, -1) };
      throw new ExtractorRuleError(`Invalid padding at ${idx}`);
    default: {
      const [name, conv] = typed(body, idx);
      return { k: 'pat', name, ...base, conv };
    }
  }
}

function compile(pattern: string): Command[] {
  const out: Command[] = [];
  let idx = 0;
  let wasExtract = false;
  let p = pattern;
  while (p !== '') {
    if (p.startsWith('%{')) {
      const close = p.indexOf('}');
      const nextOpen = p.indexOf('%{', 2);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) throw new ExtractorRuleError(`Unterminated patter at ${idx}`);
      const cmd = token(p.slice(2, close), idx);
      p = p.slice(close + 1);
      if (cmd.k === 'pad') {
        if (p.startsWith(cmd.s)) throw new ExtractorRuleError(`The padding at ${idx} can't be followed up by a dilimiter that begins with it`);
        wasExtract = false;
      } else {
        if (wasExtract) throw new ExtractorRuleError(`A dilimiter needs to be provided between the two patterns at ${idx}`);
        wasExtract = true;
      }
      out.push(cmd);
      idx += close + 1;
    } else {
      wasExtract = false;
      const open = p.indexOf('%{');
      const lit = open < 0 ? p : p.slice(0, open);
      out.push({ k: 'delim', s: unescape(lit) });
      p = open < 0 ? '' : p.slice(open);
      idx += lit.length;
    }
  }
  return out;
}

/** Rust's `str::parse::<i64>` / `::<f64>` (strict: no surrounding blanks, no hex) */
function convert(data: string, conv: Conv): Value | undefined {
  if (conv === 'string') return data;
  if (conv === 'int') {
    if (!/^[+-]?[0-9]+$/.test(data)) return undefined;
    const b = BigInt(data);
    return b < -(2n ** 63n) || b >= 2n ** 63n ? undefined : intFromBig(b);
  }
  if (!/^[+-]?(?:inf|infinity|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?)$/i.test(data)) return undefined;
  const l = data.toLowerCase().replace(/^\+/, '');
  return float(l.endsWith('inf') || l.endsWith('infinity') ? (l[0] === '-' ? -Infinity : Infinity) : l.endsWith('nan') ? NaN : Number(l));
}

function run(cmds: Command[], input: string): Rec | undefined {
  const out: Rec = {};
  const ignored = new Map<string, string>();
  let lastSep = ' ';
  let data = input;
  const insert = (c: Extract<Command, { k: 'pat' }>, name: string, v: string): boolean => {
    if (c.ignore) ignored.set(name, v);
    else if (c.add) {
      const prev = Object.prototype.hasOwnProperty.call(out, name) ? out[name] : undefined;
      if (prev === undefined) setKey(out, name, v);
      else if (typeof prev === 'string') setKey(out, name, prev + lastSep + v);
      else return false;
    } else {
      const cv = convert(v, c.conv);
      if (cv === undefined) return false;
      setKey(out, name, cv);
    }
    return true;
  };
  for (let t = 0; t < cmds.length; t++) {
    const c = cmds[t];
    if (c.k === 'delim') {
      if (!data.startsWith(c.s)) return undefined;
      data = data.slice(c.s.length);
    } else if (c.k === 'pad') {
      lastSep = c.s;
      if (c.s !== '') while (data.startsWith(c.s)) data = data.slice(c.s.length);
    } else {
      let name = c.name;
      if (c.lookup) {
        const key = ignored.get(name);
        ignored.delete(name);
        if (key === undefined || key === '') return undefined;
        name = key;
      }
      const next = cmds[t + 1];
      if (next === undefined) return insert(c, name, data) ? out : undefined;
      if (next.k === 'pat') return undefined;
      let end = data.indexOf(next.s);
      if (end < 0 && next.k === 'pad') {
        // a padding that never shows up only matters when something follows it
        const after = cmds[t + 2];
        if (after === undefined) end = data.length;
        else if (after.k === 'delim') end = data.indexOf(after.s);
        else return undefined;
      }
      if (end < 0) return undefined;
      if (!insert(c, name, data.slice(0, end))) return undefined;
      data = data.slice(end);
    }
  }
  return data === '' ? out : undefined;
}

export function dissect(rule: string): ExtractorTest {
  const cmds = compile(rule);
  return (s) => run(cmds, s);
}
