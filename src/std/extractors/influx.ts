/**
 * `influx||`: one line of the InfluxDB line protocol, decoded as Tremor's `tremor-influx`
 * crate does: `measurement[,tag=value…] field=value[,field=value…] [timestamp]`.
 *
 * Field values: `"…"` strings, `<int>i` integers, `t`/`true`/`f`/`false` (and capitalised
 * forms) booleans, anything else must parse as a float (so `82` is the float 82.0). There is
 * no `u` (unsigned) suffix in Tremor's decoder. A missing timestamp is the event's ingest
 * time. Empty lines and `#` comments are "no match".
 */
import { float, intFromBig, setKey, type Rec, type Value } from '../../runtime/value.js';
import type { EvalCtx } from '../../runtime/context.js';
import type { ExtractorTest } from './extractor.js';

class Fail extends Error {}

/** A cursor over the line; `pos` is a UTF-16 index but only ASCII delimiters are looked for. */
class Cursor {
  pos = 0;
  constructor(readonly s: string) {}

  next(): string | undefined {
    return this.pos < this.s.length ? this.s[this.pos++] : undefined;
  }

  /**
   * Reads up to one of `ends`; a backslash before an end char or a backslash is dropped,
   * before anything else it is kept. Running out of input fails.
   */
  upTo(ends: string): [string, string] {
    let out = '';
    for (let c = this.next(); c !== undefined; c = this.next()) {
      if (ends.includes(c)) return [out, c];
      if (c === '\\') {
        const e = this.next();
        if (e === undefined) throw new Fail();
        out += e === '\\' || ends.includes(e) ? e : '\\' + e;
      } else out += c;
    }
    throw new Fail();
  }
}

const TRUE = new Set(['t', 'T', 'true', 'True', 'TRUE']);
const FALSE = new Set(['f', 'F', 'false', 'False', 'FALSE']);

/** Rust's `str::parse::<f64>` */
function parseF64(s: string): number {
  if (!/^[+-]?(?:inf|infinity|nan|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[+-]?[0-9]+)?)$/i.test(s)) throw new Fail();
  const l = s.toLowerCase();
  if (l.endsWith('nan')) return NaN;
  if (l.endsWith('inf') || l.endsWith('infinity')) return l[0] === '-' ? -Infinity : Infinity;
  return Number(l);
}

/** Rust's `str::parse::<i64>` / `::<u64>` */
function parseInt64(s: string, unsigned: boolean): number | bigint {
  if (!(unsigned ? /^\+?[0-9]+$/ : /^[+-]?[0-9]+$/).test(s)) throw new Fail();
  const b = BigInt(s);
  if (unsigned ? b >= 2n ** 64n : b < -(2n ** 63n) || b >= 2n ** 63n) throw new Fail();
  return intFromBig(b);
}

/** a field value and the separator after it (`,`, ` ` or end of input) */
function fieldValue(c: Cursor): [Value, string | undefined] {
  const first = c.next();
  if (first === undefined || first === ' ' || first === ',') throw new Fail();
  if (first === '"') {
    const [str] = c.upTo('"');
    const after = c.next();
    if (after !== undefined && after !== ',' && after !== ' ') throw new Fail();
    return [str, after];
  }
  let raw = first;
  for (let ch = c.next(); ; ch = c.next()) {
    if (ch === undefined || ch === ',' || ch === ' ') {
      return [TRUE.has(raw) ? true : FALSE.has(raw) ? false : float(parseF64(raw)), ch];
    }
    if (ch === 'i') {
      const after = c.next();
      if (after !== undefined && after !== ',' && after !== ' ') throw new Fail();
      return [parseInt64(raw, false), after];
    }
    if (ch === '\\') {
      const e = c.next();
      if (e === undefined) throw new Fail();
      raw += e;
    } else raw += ch;
  }
}

function decode(line: string, ingestNs: number | bigint): Rec | undefined {
  const data = line.trim();
  if (data === '' || data.startsWith('#')) return undefined;
  const c = new Cursor(data);
  const [measurement, sep] = c.upTo(', ');
  const tags: Rec = {};
  if (sep === ',') {
    for (;;) {
      const [key, kEnd] = c.upTo('= ,');
      if (kEnd !== '=') throw new Fail();
      const [val, vEnd] = c.upTo('= ,');
      if (vEnd === '=') throw new Fail();
      setKey(tags, key, val);
      if (vEnd === ' ') break;
    }
  }
  const fields: Rec = {};
  for (;;) {
    const [key] = c.upTo('=');
    const [val, end] = fieldValue(c);
    setKey(fields, key, val);
    if (end !== ',') break;
  }
  const rest = data.slice(c.pos);
  const timestamp = rest === '' ? ingestNs : parseInt64(rest, true);
  return { measurement, tags, fields, timestamp };
}

/**
 * One line for the `influx` codec: undefined for an empty or `#` line, a record otherwise;
 * bad syntax throws an Error (where the extractor reports "no match").
 */
export function decodeInfluxLine(line: string, ingestNs: number | bigint): Rec | undefined {
  try {
    return decode(line, ingestNs);
  } catch (e) {
    if (e instanceof Fail) throw new Error('Invalid InfluxDB line protocol');
    throw e;
  }
}

export function influx(_rule: string): ExtractorTest {
  return (s, ctx) => {
    try {
      return decode(s, (ctx as EvalCtx | undefined)?.ingestNs ?? 0);
    } catch (e) {
      if (e instanceof Fail) return undefined;
      throw e;
    }
  };
}
