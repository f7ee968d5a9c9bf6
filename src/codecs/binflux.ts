/**
 * The `binflux` codec (reference §4.2): Tremor's binary form of an influx line, one per
 * chunk, `{measurement, tags: {…}, fields: {…}, timestamp}` as the `influx` codec has it. It
 * has no framing of its own: pair it with a length-prefixing interceptor on a byte stream.
 *
 * Layout, all numbers big-endian; a string is a u16 byte length, then its UTF-8 bytes:
 *
 *     u16 version (0) · string measurement · u64 timestamp
 *     u16 tag count   · (string name · string value) per tag
 *     u16 field count · (string name · u8 type · value) per field
 *
 * Field types: 0 an i64, 1 an f64, 2 a string, 3 true, 4 false (no value bytes for the last
 * two). Decoding gives f64 fields as floats (`42.0` stays a float) and ignores bytes after the
 * last field, as Tremor does. Encoding writes an integer as an i64 and a float as an f64, in
 * record order; a missing `tags` or `fields` record counts as empty. Errors read
 * `Invalid BInflux Line Protocol data: …` with Tremor's reasons (`measurement missing`,
 * `timestamp missing`, `Unknown type as influx line value: Array`, `string too long`, …).
 *
 * Where this differs from Tremor: a tag whose value is not a string is an error (Tremor
 * counts it but leaves it out, writing data no reader can decode); data that ends early or
 * holds invalid UTF-8 is an error (Tremor panics, or keeps the bytes unchecked); an unknown
 * field type is an error (Tremor 0.12 logs it and reads on out of step; later versions fail).
 *
 * Config: none. `codec = "binflux"`
 */
import { isUtf8 } from 'node:buffer';
import { schema } from '../runtime/schema.js';
import { FloatBox, I64_MAX, U64_MAX, float, intFromBig, isRecord, ownKey, setKey, type Rec, type Value } from '../runtime/value.js';
import { toBuffer } from './bytes.js';
import { defineCodec } from './codec.js';

const TYPE_I64 = 0;
const TYPE_F64 = 1;
const TYPE_STRING = 2;
const TYPE_TRUE = 3;
const TYPE_FALSE = 4;
const U16_MAX = 0xffff;

const invalid = (why: string): Error => new Error(`Invalid BInflux Line Protocol data: ${why}`);

// ------------------------------------------------------------------------------ encoding

/** the bytes of one line, gathered as small buffers */
class Writer {
  readonly parts: Buffer[] = [];

  u8(n: number): void {
    this.parts.push(Buffer.of(n));
  }

  u16(n: number, tooBig: string): void {
    if (n > U16_MAX) throw invalid(tooBig);
    const b = Buffer.allocUnsafe(2);
    b.writeUInt16BE(n);
    this.parts.push(b);
  }

  string(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u16(b.length, 'string too long');
    this.parts.push(b);
  }

  number(write: (b: Buffer) => void): void {
    const b = Buffer.allocUnsafe(8);
    write(b);
    this.parts.push(b);
  }
}

export function encodeBinflux(v: Value): Uint8Array {
  const r: Rec = isRecord(v) ? v : {};
  const w = new Writer();
  w.u16(0, '');
  const measurement = ownKey(r, 'measurement');
  if (typeof measurement !== 'string') throw invalid('measurement missing');
  w.string(measurement);
  const ts = ownKey(r, 'timestamp');
  if (!((typeof ts === 'number' && Number.isInteger(ts) && ts >= 0) || (typeof ts === 'bigint' && ts >= 0n && ts <= U64_MAX))) {
    throw invalid('timestamp missing');
  }
  w.number((b) => b.writeBigUInt64BE(BigInt(ts)));
  const tags = record(r, 'tags');
  w.u16(tags.length, 'too many tags');
  for (const [k, tag] of tags) {
    if (typeof tag !== 'string') throw invalid(`the tag \`${k}\` must be a string`);
    w.string(k);
    w.string(tag);
  }
  const fields = record(r, 'fields');
  w.u16(fields.length, 'too many fields');
  for (const [k, x] of fields) {
    w.string(k);
    writeField(w, x);
  }
  return Buffer.concat(w.parts);
}

/** the entries of a record field; none when it is missing or not a record */
function record(r: Rec, key: string): [string, Value][] {
  const x = ownKey(r, key);
  return isRecord(x) ? Object.keys(x).map((k) => [k, x[k]]) : [];
}

function writeField(w: Writer, x: Value): void {
  // a value's bigints lie within -2^63 … 2^64-1, so `<= I64_MAX` is the whole i64 check
  if ((typeof x === 'number' && Number.isInteger(x)) || (typeof x === 'bigint' && x <= I64_MAX)) {
    w.u8(TYPE_I64);
    w.number((b) => b.writeBigInt64BE(BigInt(x)));
  } else if (typeof x === 'number' || x instanceof FloatBox) {
    w.u8(TYPE_F64);
    w.number((b) => b.writeDoubleBE(typeof x === 'number' ? x : x.fv));
  } else if (typeof x === 'boolean') {
    w.u8(x ? TYPE_TRUE : TYPE_FALSE);
  } else if (typeof x === 'string') {
    w.u8(TYPE_STRING);
    w.string(x);
  } else {
    throw invalid(`Unknown type as influx line value: ${rustType(x)}`);
  }
}

/** the name Tremor's error gives a value type (its `ValueType` as Rust prints it) */
function rustType(x: Value): string {
  if (typeof x === 'bigint') return 'U64';
  if (x === null) return 'Null';
  if (Array.isArray(x)) return 'Array';
  return x instanceof Uint8Array ? 'Custom("bytes")' : 'Object';
}

// ------------------------------------------------------------------------------ decoding

/** reads through the chunk; running past its end is an error */
class Reader {
  pos = 0;
  constructor(readonly b: Buffer) {}

  take(n: number): number {
    if (this.pos + n > this.b.length) throw invalid(`the data ends at byte ${this.b.length}, inside a value`);
    const at = this.pos;
    this.pos += n;
    return at;
  }

  u8 = (): number => this.b.readUInt8(this.take(1));
  u16 = (): number => this.b.readUInt16BE(this.take(2));

  string(): string {
    const n = this.u16();
    const at = this.take(n);
    const bytes = this.b.subarray(at, this.pos);
    if (!isUtf8(bytes)) throw invalid(`the string at byte ${at} is not valid UTF-8`);
    return bytes.toString('utf8');
  }
}

export function decodeBinflux(chunk: Uint8Array): Rec {
  const r = new Reader(toBuffer(chunk));
  if (r.u16() !== 0) throw invalid('invalid version');
  const measurement = r.string();
  const timestamp = intFromBig(r.b.readBigUInt64BE(r.take(8)));
  const tags: Rec = {};
  for (let n = r.u16(); n > 0; n--) setKey(tags, r.string(), r.string());
  const fields: Rec = {};
  for (let n = r.u16(); n > 0; n--) setKey(fields, r.string(), readField(r));
  return { measurement, tags, fields, timestamp };
}

function readField(r: Reader): Value {
  const type = r.u8();
  switch (type) {
    case TYPE_I64:
      return intFromBig(r.b.readBigInt64BE(r.take(8)));
    case TYPE_F64:
      return float(r.b.readDoubleBE(r.take(8)));
    case TYPE_STRING:
      return r.string();
    case TYPE_TRUE:
      return true;
    case TYPE_FALSE:
      return false;
    default:
      throw invalid(`bad field type: ${type}`);
  }
}

export const binflux = defineCodec('binflux', schema({}), () => ({ decode: decodeBinflux, encode: encodeBinflux }));
