/**
 * The `statsd` codec (reference §4.2): one StatsD line per chunk, `name:value|type[|@rate]`,
 * as `{metric, type, value, sample_rate?, action?}` with type `c`, `ms`, `g`, `h` or `s`.
 *
 * Decoding follows Tremor: a value with a `.` is a float, otherwise an integer (64-bit exact);
 * a leading `+` is dropped; for a gauge `+5` is `{value: 5, action: "add"}` and `-5` is
 * `{value: 5, action: "sub"}`, for other types `-5` is just negative. The sample rate is a
 * float. Tremor accepts a line with no type at all (`name:1|`); here the type is required.
 * Anything after the line (a newline included) is an error: split lines with `separate`.
 *
 * Encoding is the reverse; numbers are written as in JSON (floats keep `.0`), a gauge's
 * `action` becomes its `+`/`-` prefix; a null `sample_rate` is left out. Unknown types, names containing `:`, `|` or a line
 * break, and non-finite values are errors rather than lines no reader could parse.
 *
 * Config: none. `codec = "statsd"`
 */
import { stringify } from '../runtime/json.js';
import { FloatBox, float, intFromBig, isRecord, ownKey, setKey, type Rec, type Value } from '../runtime/value.js';
import { schema } from '../runtime/schema.js';
import { textCodec } from './bytes.js';
import { aType, defineCodec } from './codec.js';

const TYPES = ['c', 'ms', 'g', 'h', 's'];
const FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const I64_LIMIT = 2n ** 63n;
const U64_LIMIT = 2n ** 64n;

class Invalid extends Error {
  constructor(why: string) {
    super(`Invalid statsd line: ${why}`);
  }
}

function number(s: string): number | bigint | FloatBox {
  if (s.includes('.')) {
    if (!FLOAT.test(s)) throw new Invalid(`bad value \`${s}\``);
    return float(Number(s));
  }
  // as Tremor: a signed 64-bit integer when negative, an unsigned one otherwise
  if (!/^-?[0-9]+$/.test(s)) throw new Invalid(`bad value \`${s}\``);
  const b = BigInt(s);
  if (b < -I64_LIMIT || b >= (s[0] === '-' ? I64_LIMIT : U64_LIMIT)) throw new Invalid(`the value ${s} is out of range`);
  return intFromBig(b);
}

function negate(v: number | bigint | FloatBox): number | bigint | FloatBox {
  if (v instanceof FloatBox) return new FloatBox(-v.fv);
  return typeof v === 'bigint' ? intFromBig(-v) : v === 0 ? 0 : -v;
}

export function decodeStatsd(line: string): Rec {
  const colon = line.indexOf(':');
  if (colon < 0) throw new Invalid('no `:` after the metric name');
  let rest = line.slice(colon + 1);
  const sign = rest[0];
  if (sign === '+') rest = rest.slice(1);
  const bar = rest.indexOf('|');
  if (bar < 0) throw new Invalid('no `|` before the type');
  let value = number(rest.slice(0, bar));
  rest = rest.slice(bar + 1);
  const type = rest.startsWith('ms') ? 'ms' : 'cghs'.includes(rest[0] ?? '|') ? rest[0] : undefined;
  if (type === undefined) throw new Invalid(`unknown type \`${rest}\`; expected c, ms, g, h or s`);
  rest = rest.slice(type.length);
  const out: Rec = {};
  setKey(out, 'metric', line.slice(0, colon));
  out.type = type;
  if (type === 'g' && sign === '+') out.action = 'add';
  if (type === 'g' && sign === '-') {
    value = negate(value);
    out.action = 'sub';
  }
  if (rest.startsWith('|@')) {
    const rate = rest.slice(2);
    if (!FLOAT.test(rate)) throw new Invalid(`bad sample rate \`${rate}\``);
    out.sample_rate = float(Number(rate));
  } else if (rest !== '') throw new Invalid(`unexpected \`${rest}\` after the type`);
  out.value = value;
  return out;
}

function isNum(v: Value | undefined): v is number | bigint | FloatBox {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof FloatBox;
}

function numberText(what: string, v: number | bigint | FloatBox): string {
  const f = typeof v === 'number' ? v : v instanceof FloatBox ? v.fv : 0;
  if (!Number.isFinite(f)) throw new Error(`Cannot encode statsd: the ${what} is ${f}`);
  return stringify(v);
}

export function encodeStatsd(v: Value): string {
  if (!isRecord(v)) throw new Error(`Cannot encode statsd from ${aType(v)}; expected {metric, type, value}`);
  const metric = ownKey(v, 'metric');
  const type = ownKey(v, 'type');
  const value = ownKey(v, 'value');
  if (typeof metric !== 'string' || /[:|\r\n]/.test(metric)) throw new Error('Cannot encode statsd: `metric` must be a string without `:`, `|` or line breaks');
  if (typeof type !== 'string' || !TYPES.includes(type)) throw new Error('Cannot encode statsd: `type` must be one of c, ms, g, h, s');
  if (!isNum(value)) throw new Error('Cannot encode statsd: `value` must be a number');
  const action = ownKey(v, 'action');
  const prefix = type === 'g' && action === 'add' ? '+' : type === 'g' && action === 'sub' ? '-' : '';
  let line = `${metric}:${prefix}${numberText('value', value)}|${type}`;
  const rate = ownKey(v, 'sample_rate');
  if (rate !== undefined && rate !== null) {
    if (!isNum(rate)) throw new Error('Cannot encode statsd: `sample_rate` must be a number');
    line += '|@' + numberText('sample rate', rate);
  }
  return line;
}

export const statsd = defineCodec('statsd', schema({}), () => textCodec('Invalid statsd line', decodeStatsd, encodeStatsd));
