/**
 * The `dogstatsd` codec (reference §4.2): one DogStatsD v1.2 datagram per chunk, both ways, as
 * Tremor's `dogstatsd` codec. Three kinds, each a record under one key:
 *
 * - `name:v1[:v2…]|type[|@rate][|#tag,…][|c:container]` is
 *   `{metric: {metric, values: [floats], type, sample_rate?, tags?, container_id?}}`; the
 *   type is `c`, `d`, `g`, `h`, `s` or `ms` (left out when it is none of them);
 * - `_e{title bytes,text bytes}:title|text[|d:ts][|h:host][|k:key][|p:prio][|s:src][|t:type]
 *   [|#tags][|c:container]` is `{event: {title, text, timestamp?, hostname?,
 *   aggregation_key?, priority?, source?, type?, tags?, container_id?}}`;
 * - `_sc|name|status[|d:ts][|h:host][|#tags][|m:message][|c:container]` is
 *   `{service_check: {name, status, timestamp?, hostname?, tags?, message?, container_id?}}`.
 *
 * Decoding follows Tremor: values and the sample rate are floats; a timestamp is a u32; a
 * status is 0–3; the title and text are cut by their byte lengths; unknown sections are
 * skipped. Encoding writes the parts in the order above; an integral float value is written
 * as an integer (`111`), a fraction as Rust's ryu prints it; non-string tags and optional
 * parts of the wrong type are skipped, as in Tremor. Errors read `Invalid dogstatsd metric`,
 * Tremor's text, with the reason after a colon.
 *
 * Where this differs from Tremor: the codec was added to Tremor in 2022 (src/codec) and
 * rewritten in tremor-codec; this follows the rewrite, which checks the event lengths (the
 * first version ignored them, and looped forever on `_s` without a `|`). Encoding writes
 * integer `values` too (Tremor drops every value that is not a float, so `[1]` would become
 * `name:|c`) and rejects values that are not numbers; an event length that cuts a UTF-8
 * character, on which Tremor panics, is an error; a section given twice keeps the later one
 * (Tremor keeps both under one key).
 *
 * Config: none. `codec = "dogstatsd"`
 */
import { formatFloat, stringify } from '../runtime/json.js';
import { schema } from '../runtime/schema.js';
import { FloatBox, I64_MAX, I64_MIN, float, isNumber, isRecord, ownKey, type Rec, type Value } from '../runtime/value.js';
import { textCodec } from './bytes.js';
import { aType, defineCodec } from './codec.js';

const FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const SPECIAL = /^([+-]?)(nan|inf|infinity)$/i;
const METRIC_TYPES = ['c', 'd', 'g', 'h', 's'];

const invalid = (why: string): Error => new Error(`Invalid dogstatsd metric: ${why}`);

// ------------------------------------------------------------------------------ decoding

export function decodeDogstatsd(line: string): Rec {
  if (line.startsWith('_e{')) return { event: decodeEvent(line.slice(3)) };
  if (line.startsWith('_sc|')) return { service_check: decodeServiceCheck(line.slice(4)) };
  return { metric: decodeMetric(line) };
}

function decodeMetric(line: string): Rec {
  const colon = line.indexOf(':');
  if (colon < 0) throw invalid('no `:` after the metric name');
  const bar = line.indexOf('|', colon + 1);
  if (bar < 0) throw invalid('no `|` after the values');
  const m: Rec = { metric: line.slice(0, colon) };
  m.values = line
    .slice(colon + 1, bar)
    .split(':')
    .map((v) => float(f64(v, 'value')));
  let rest = line.slice(bar + 1);
  const type = rest.startsWith('ms') ? 'ms' : METRIC_TYPES.includes(rest[0]) ? rest[0] : undefined;
  if (type !== undefined) {
    m.type = type;
    rest = rest.slice(type.length);
  }
  for (const section of rest.split('|')) {
    if (section.startsWith('@')) m.sample_rate = float(f64(section.slice(1), 'sample rate'));
    else if (section.startsWith('#')) m.tags = section.slice(1).split(',');
    else if (section.startsWith('c:')) m.container_id = section.slice(2);
  }
  return m;
}

const EVENT_SECTIONS: Record<string, string> = { 'h:': 'hostname', 'p:': 'priority', 's:': 'source', 't:': 'type', 'k:': 'aggregation_key', 'c:': 'container_id' };

/** `title bytes,text bytes}:title|text|…`, after `_e{` */
function decodeEvent(data: string): Rec {
  const comma = data.indexOf(',');
  const close = data.indexOf('}:', comma + 1);
  if (comma < 0 || close < 0) throw invalid('an event starts `_e{<title length>,<text length>}:`');
  const titleLen = unsigned(data.slice(0, comma), Number.MAX_SAFE_INTEGER, 'title length');
  const textLen = unsigned(data.slice(comma + 1, close), Number.MAX_SAFE_INTEGER, 'text length');
  const body = Buffer.from(data.slice(close + 2), 'utf8');
  if (body.length < titleLen + textLen + 1) throw invalid('the event is shorter than its title and text lengths');
  const title = cut(body, 0, titleLen);
  if (body[titleLen] !== 0x7c) throw invalid('no `|` after the title');
  const textEnd = titleLen + 1 + textLen;
  const m: Rec = { title, text: cut(body, titleLen + 1, textEnd) };
  for (const section of body.subarray(textEnd).toString('utf8').split('|')) {
    const key = EVENT_SECTIONS[section.slice(0, 2)];
    if (key !== undefined) m[key] = section.slice(2);
    else if (section.startsWith('d:')) m.timestamp = unsigned(section.slice(2), 4294967295, 'timestamp');
    else if (section.startsWith('#')) m.tags = section.slice(1).split(',');
  }
  return m;
}

/** `name|status|…`, after `_sc|` */
function decodeServiceCheck(data: string): Rec {
  const bar = data.indexOf('|');
  if (bar < 0) throw invalid('no `|` after the service check name');
  const m: Rec = { name: data.slice(0, bar) };
  const rest = data.slice(bar + 1);
  const end = rest.indexOf('|');
  const status = unsigned(end < 0 ? rest : rest.slice(0, end), 255, 'status');
  if (status > 3) throw invalid(`the status ${status} is not 0, 1, 2 or 3`);
  m.status = status;
  for (const section of end < 0 ? [] : rest.slice(end + 1).split('|')) {
    if (section.startsWith('d:')) m.timestamp = unsigned(section.slice(2), 4294967295, 'timestamp');
    else if (section.startsWith('h:')) m.hostname = section.slice(2);
    else if (section.startsWith('#')) m.tags = section.slice(1).split(',');
    else if (section.startsWith('c:')) m.container_id = section.slice(2);
    else if (section.startsWith('m:')) m.message = section.slice(2);
  }
  return m;
}

/** bytes [from, to) as text; a cut inside a UTF-8 character is an error */
function cut(b: Buffer, from: number, to: number): string {
  const inside = (i: number) => i < b.length && (b[i] & 0xc0) === 0x80;
  if (inside(from) || inside(to)) throw invalid('an event length cuts a UTF-8 character');
  return b.subarray(from, to).toString('utf8');
}

/** a float as Rust's `lexical` reads it (`1`, `-.5`, `1e3`, `NaN`, `inf`) */
function f64(s: string, what: string): number {
  if (FLOAT.test(s)) return Number(s);
  const special = SPECIAL.exec(s);
  if (!special) throw invalid(`bad ${what} \`${s}\``);
  if (special[2].toLowerCase() === 'nan') return Number.NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

function unsigned(s: string, max: number, what: string): number {
  const n = /^\+?[0-9]+$/.test(s) ? Number(s) : Number.NaN;
  if (!(n <= max)) throw invalid(`bad ${what} \`${s}\``);
  return n;
}

// ------------------------------------------------------------------------------ encoding

export function encodeDogstatsd(v: Value): string {
  const kind = isRecord(v) ? (['metric', 'event', 'service_check'] as const).find((k) => ownKey(v, k) !== undefined) : undefined;
  if (!isRecord(v) || kind === undefined) throw invalid(`cannot encode ${aType(v)}; expected {metric: …}, {event: …} or {service_check: …}`);
  const body = v[kind];
  if (!isRecord(body)) throw invalid(`\`${kind}\` must be a record, not ${aType(body)}`);
  return kind === 'metric' ? encodeMetric(body) : kind === 'event' ? encodeEvent(body) : encodeServiceCheck(body);
}

function encodeMetric(m: Rec): string {
  const name = required(m, 'metric', 'metric');
  const type = required(m, 'metric', 'type');
  const values = ownKey(m, 'values');
  if (!Array.isArray(values)) throw invalid('`metric.values` must be an array');
  let line = `${name}:${values.map(metricValue).join(':')}|${type}`;
  const rate = ownKey(m, 'sample_rate');
  if (rate !== undefined) {
    if (!isNumber(rate)) throw invalid(`\`metric.sample_rate\` must be a number, not ${aType(rate)}`);
    line += '|@' + stringify(rate);
  }
  return line + tags(m) + optional(m, 'container_id', '|c:');
}

function encodeEvent(e: Rec): string {
  const title = required(e, 'event', 'title');
  const text = required(e, 'event', 'text');
  let line = `_e{${Buffer.byteLength(title)},${Buffer.byteLength(text)}}:${title}|${text}` + timestamp(e);
  line += optional(e, 'hostname', '|h:') + optional(e, 'aggregation_key', '|k:') + optional(e, 'priority', '|p:');
  line += optional(e, 'source', '|s:') + optional(e, 'type', '|t:');
  return line + tags(e) + optional(e, 'container_id', '|c:');
}

function encodeServiceCheck(c: Rec): string {
  const name = required(c, 'service_check', 'name');
  const status = ownKey(c, 'status');
  if (typeof status !== 'number' || !Number.isInteger(status) || status < -2147483648 || status > 2147483647) {
    throw invalid('`service_check.status` must be an integer');
  }
  const line = `_sc|${name}|${status}` + timestamp(c) + optional(c, 'hostname', '|h:');
  return line + tags(c) + optional(c, 'message', '|m:') + optional(c, 'container_id', '|c:');
}

/** an integral float as an i64 (saturating, as Rust's `as`), a fraction as ryu writes it */
function metricValue(x: Value): string {
  if (typeof x === 'bigint' || (typeof x === 'number' && Number.isInteger(x))) return String(x);
  const f = x instanceof FloatBox ? x.fv : typeof x === 'number' ? x : undefined;
  if (f === undefined) throw invalid(`\`metric.values\` must hold numbers, not ${aType(x)}`);
  if (!Number.isInteger(f)) return formatFloat(f);
  const i = BigInt(f);
  return String(i > I64_MAX ? I64_MAX : i < I64_MIN ? I64_MIN : i);
}

function required(r: Rec, kind: string, key: string): string {
  const s = ownKey(r, key);
  if (typeof s !== 'string') throw invalid(`\`${kind}.${key}\` must be a string`);
  return s;
}

function optional(r: Rec, key: string, prefix: string): string {
  const s = ownKey(r, key);
  return typeof s === 'string' ? prefix + s : '';
}

/** `|d:<ts>` for a timestamp that fits a u32 */
function timestamp(r: Rec): string {
  const ts = ownKey(r, 'timestamp');
  return typeof ts === 'number' && Number.isInteger(ts) && ts >= 0 && ts <= 4294967295 ? `|d:${ts}` : '';
}

function tags(r: Rec): string {
  const t = ownKey(r, 'tags');
  return Array.isArray(t) ? '|#' + t.filter((x) => typeof x === 'string').join(',') : '';
}

export const dogstatsd = defineCodec('dogstatsd', schema({}), () => textCodec('Invalid dogstatsd metric', decodeDogstatsd, encodeDogstatsd));
