/**
 * The `influx` codec (reference §4.2): one line of the InfluxDB line protocol per chunk,
 * `measurement[,tag=value…] field=value[,field=value…] [timestamp]`, as
 * `{measurement, tags: {…}, fields: {…}, timestamp}`. Decoding is the `influx||` extractor's
 * (Tremor's `tremor-influx` rules: `82` is the float 82.0, `82i` the integer 82). An empty or
 * `#` comment line holds no value; bad syntax is an error.
 *
 * A line without a timestamp gets the event's ingest time in Tremor. A codec is not told that
 * time, so it takes the wall clock at decoding, which is the same moment to within the
 * decoding of one chunk.
 *
 * Encoding follows `tremor-influx`: tags and fields sorted by key, names and tag values
 * escaped (`\` before `"`, `\`, `,`, space and `=`), string fields quoted, integers with an
 * `i` suffix, floats as Rust prints them (`82.0`); `timestamp` must be a non-negative integer.
 * Where Tremor silently leaves out a tag whose value is not a string, or writes a line
 * without fields that no reader accepts, this codec reports an error instead.
 *
 * Config: none. `codec = "influx"`
 */
import { decodeInfluxLine } from '../std/extractors/influx.js';
import { wallClockNs } from '../base/wallclock.js';
import { formatFloat } from '../runtime/json.js';
import { FloatBox, compareStrings, intFromBig, isRecord, ownKey, typeName, type Rec, type Value } from '../runtime/value.js';
import { schema } from '../runtime/schema.js';
import { textCodec } from './bytes.js';
import { aType, defineCodec } from './codec.js';

const escapeName = (s: string): string => s.replace(/["\\, =]/g, '\\$&');
const escapeString = (s: string): string => '"' + s.replace(/["\\]/g, '\\$&') + '"';

function field(v: Rec, key: string): Value {
  const x = ownKey(v, key);
  if (x === undefined) throw new Error(`Cannot encode influx line protocol: the field \`${key}\` is missing`);
  return x;
}

function recordField(v: Rec, key: string): [string, Value][] {
  const r = field(v, key);
  if (!isRecord(r)) throw new Error(`Cannot encode influx line protocol: \`${key}\` must be a record, not ${aType(r)}`);
  return Object.keys(r)
    .sort(compareStrings)
    .map((k) => [k, r[k]]);
}

function fieldValue(key: string, v: Value): string {
  if (typeof v === 'string') return escapeString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return `${v}i`;
  const f = typeof v === 'number' ? v : v instanceof FloatBox ? v.fv : undefined;
  if (f === undefined || !Number.isFinite(f)) {
    throw new Error(`Cannot encode influx line protocol: the field \`${key}\` is ${f === undefined ? aType(v) : String(f)}`);
  }
  return formatFloat(f);
}

export function encodeInflux(v: Value): string {
  if (!isRecord(v)) throw new Error(`Cannot encode influx line protocol from ${aType(v)}; expected {measurement, tags, fields, timestamp}`);
  const measurement = field(v, 'measurement');
  if (typeof measurement !== 'string') throw new Error('Cannot encode influx line protocol: `measurement` must be a string');
  let line = escapeName(measurement);
  for (const [k, tag] of recordField(v, 'tags')) {
    if (typeof tag !== 'string') throw new Error(`Cannot encode influx line protocol: the tag \`${k}\` must be a string, not ${aType(tag)}`);
    line += ',' + escapeName(k) + '=' + escapeName(tag);
  }
  const fields = recordField(v, 'fields');
  if (fields.length === 0) throw new Error('Cannot encode influx line protocol: a line needs at least one field');
  line += ' ' + fields.map(([k, x]) => escapeName(k) + '=' + fieldValue(k, x)).join(',');
  const ts = field(v, 'timestamp');
  if (!((typeof ts === 'number' && Number.isInteger(ts)) || typeof ts === 'bigint') || ts < 0) {
    throw new Error(`Cannot encode influx line protocol: \`timestamp\` must be a non-negative integer, not ${typeName(ts) === 'integer' ? ts : aType(ts)}`);
  }
  return line + ' ' + ts;
}

export const influx = defineCodec('influx', schema({}), () => textCodec('Invalid InfluxDB line protocol', (line) => decodeInfluxLine(line, intFromBig(wallClockNs())), encodeInflux));
