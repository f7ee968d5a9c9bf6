/**
 * The `tremor` codec (reference §4.2): Tremor's own binary form of a value, for one tremor
 * instance talking to another, one value per chunk. It has no framing of its own: pair it with
 * a length-prefixing interceptor on a byte stream.
 *
 * Layout, all numbers big-endian: a u16 version (0), then the value. A value is a type byte,
 * then its payload; a length or count is a u64:
 *
 *     0 null · 1 true · 2 false · 3 i64 · 4 u64 · 5 f64
 *     6 string  length · UTF-8 bytes          7 binary  length · bytes
 *     8 array   count · value per element     9 record  count · (key length · key UTF-8 · value) per entry
 *
 * Encoding writes an integer in the i64 range as an i64 and a larger one as a u64, every float
 * as an f64 (`1.0`, `-0.0` and NaN stay floats), and record keys in record order. Decoding
 * gives i64 and u64 as our integers (exact, bigints beyond 2^53), f64 as a float, and ignores
 * bytes after the top-level value, as Tremor does. Errors read `Invalid version` or
 * `Invalid data`, Tremor's words, followed by the reason and the byte offset.
 *
 * Where this differs from Tremor: a string or key that is not valid UTF-8 is an error (Tremor
 * keeps the bytes unchecked); nesting deeper than `MAX_DEPTH` (1024) levels is an error both
 * ways (Tremor recurses without a bound); a count larger than the data could hold is an error
 * before anything is allocated (Tremor reserves the memory first, which can abort the
 * process); a record with a key twice keeps the last value (Tremor keeps both entries). A u64
 * that fits an i64 re-encodes as an i64: our integers do not remember which of the two they
 * came from, and Tremor compares them as equal. Data that ends inside a number or a length is
 * `Invalid data` here; Tremor reports its reader's `failed to fill whole buffer`.
 *
 * Tremor's own bench data (`demo/data/data.tremor.xz`, base64 lines) starts every event with
 * `00 00 00 00`: version 0, then type 0, so Tremor decodes each one as null and ignores the
 * rest (a well-formed value, the JSON event, that starts two bytes late). Ignoring trailing
 * bytes is what makes those events decode here as they do there.
 *
 * Config: none. `codec = "tremor"`
 */
import { isUtf8 } from 'node:buffer';
import { MAX_DEPTH, NestingError } from '../runtime/json.js';
import { schema } from '../runtime/schema.js';
import { FloatBox, I64_MAX, float, setKey, type Rec, type Value } from '../runtime/value.js';
import { toBuffer } from './bytes.js';
import { defineCodec } from './codec.js';

const VERSION = 0;
const NULL = 0;
const TRUE = 1;
const FALSE = 2;
const I64 = 3;
const U64 = 4;
const F64 = 5;
const STRING = 6;
const BYTES = 7;
const ARRAY = 8;
const OBJECT = 9;

const TWO_32 = 0x1_0000_0000;
/** the high 32 bits of 2^53: below it, hi * 2^32 + lo is an exact, safe integer */
const HI_SAFE = 0x20_0000;
/** ASCII strings shorter than this are built in JS (and cached when decoding) */
const SHORT_STRING = 24;
/** slots in a decoder's string cache (a power of two) */
const CACHE_SLOTS = 1024;

const invalid = (why: string): Error => new Error(`Invalid data: ${why}`);

// Performance, measured on the values inside the bench's data.tremor events (13 keys, ~30
// values each; see below for why Tremor itself decodes those events as null): Buffer's
// readUInt32BE/writeUInt32BE cost more than the rest of a value, so integers and lengths are
// read and written byte by byte after one bounds check; a cache of short ASCII strings (keys,
// values such as "info") saves building and interning the same strings for every event; a long
// string is decoded first and validated only when it holds U+FFFD. Decoding went from 3.7 to
// 1.8 µs an event and encoding from 1.9 to 1.1 µs (JSON.parse / stringify of the same: 2.0 /
// 1.6 µs). Reading and writing floats by hand measured no faster, so those use Buffer's.

/** reads a big-endian u32 at `at` */
const u32 = (b: Buffer, at: number): number => ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;

/** writes the low 32 bits of `n` big-endian at `at` (a typed array store keeps the low byte) */
function put32(b: Buffer, at: number, n: number): void {
  b[at] = n >>> 24;
  b[at + 1] = n >>> 16;
  b[at + 2] = n >>> 8;
  b[at + 3] = n;
}

// ------------------------------------------------------------------------------ decoding

/**
 * Short ASCII strings a decoder has built, by a hash of their bytes; a new string takes the slot
 * of an older one. Strings are immutable, so events may share them. One per codec instance.
 */
export type StringCache = (string | undefined)[];

export const stringCache = (): StringCache => new Array(CACHE_SLOTS).fill(undefined);

/**
 * A cursor over the chunk. Each read checks that the bytes it needs are there first, so a
 * hostile length fails before anything is allocated for it.
 */
class Reader {
  pos = 2;
  constructor(
    readonly b: Buffer,
    readonly cache: StringCache,
  ) {}

  /** the offset of `n` more bytes, which must be there */
  take(n: number): number {
    const at = this.pos;
    if (n > this.b.length - at) throw invalid(`the data ends at byte ${this.b.length}, inside a value`);
    this.pos = at + n;
    return at;
  }

  /** a u64 length or count of items at least `size` bytes each, which must fit in what is left */
  length(size: number, what: string): number {
    const b = this.b;
    const at = this.take(8);
    const hi = u32(b, at);
    // the usual small length stays a small integer: through the multiplication it would be a
    // double, and decoding takes twice as long (measured)
    const n = hi === 0 ? u32(b, at + 4) : hi * TWO_32 + u32(b, at + 4);
    if (n * size > b.length - this.pos) throw invalid(`the ${what} length at byte ${at} is ${b.readBigUInt64BE(at)}, more than the ${b.length - this.pos} bytes left can hold`);
    return n;
  }

  /** UTF-8 text of `n` bytes */
  string(n: number): string {
    const b = this.b;
    const at = this.take(n);
    if (n >= SHORT_STRING) return this.utf8(at, n);
    let h = n;
    for (let i = at; i < at + n; i++) {
      const c = b[i];
      if (c >= 0x80) return this.utf8(at, n);
      h = (h * 31 + c) | 0;
    }
    const slot = h & (CACHE_SLOTS - 1);
    const hit = this.cache[slot];
    if (hit !== undefined && hit.length === n) {
      let i = 0;
      while (i < n && hit.charCodeAt(i) === b[at + i]) i++;
      if (i === n) return hit;
    }
    let s = '';
    for (let i = at; i < at + n; i++) s += String.fromCharCode(b[i]);
    this.cache[slot] = s;
    return s;
  }

  /** decodes first: a replacement character in the result is rare, and only then is it checked */
  utf8(at: number, n: number): string {
    const s = this.b.toString('utf8', at, at + n);
    if (s.indexOf('\uFFFD') !== -1 && !isUtf8(this.b.subarray(at, at + n))) throw invalid(`the string at byte ${at} is not valid UTF-8`);
    return s;
  }

  value(depth: number): Value {
    const b = this.b;
    const t = b[this.take(1)];
    switch (t) {
      case NULL:
        return null;
      case TRUE:
        return true;
      case FALSE:
        return false;
      case I64: {
        const at = this.take(8);
        const hi = u32(b, at) | 0;
        if (hi >= -HI_SAFE && hi < HI_SAFE) {
          const n = hi * TWO_32 + u32(b, at + 4);
          if (n !== -(2 ** 53)) return n;
        }
        return b.readBigInt64BE(at);
      }
      case U64: {
        const at = this.take(8);
        const hi = u32(b, at);
        return hi < HI_SAFE ? hi * TWO_32 + u32(b, at + 4) : b.readBigUInt64BE(at);
      }
      case F64:
        return float(b.readDoubleBE(this.take(8)));
      case STRING:
        return this.string(this.length(1, 'string'));
      case BYTES: {
        const n = this.length(1, 'binary');
        const at = this.take(n);
        return new Uint8Array(b.subarray(at, at + n));
      }
      case ARRAY: {
        const at = this.pos - 1;
        const n = this.length(1, 'array');
        if (depth >= MAX_DEPTH) throw invalid(`the array at byte ${at} is nested deeper than ${MAX_DEPTH} levels`);
        const a: Value[] = [];
        for (let i = 0; i < n; i++) a.push(this.value(depth + 1));
        return a;
      }
      case OBJECT: {
        const at = this.pos - 1;
        const n = this.length(9, 'record');
        if (depth >= MAX_DEPTH) throw invalid(`the record at byte ${at} is nested deeper than ${MAX_DEPTH} levels`);
        const r: Rec = {};
        for (let i = 0; i < n; i++) {
          const k = this.string(this.length(1, 'key'));
          setKey(r, k, this.value(depth + 1));
        }
        return r;
      }
      default:
        throw invalid(`unknown type ${t} at byte ${this.pos - 1}`);
    }
  }
}

export function decodeTremor(chunk: Uint8Array, cache: StringCache = stringCache()): Value {
  const b = toBuffer(chunk);
  if (b.length < 2) throw invalid(`the data ends at byte ${b.length}, inside a value`);
  const version = (b[0] << 8) | b[1];
  if (version !== VERSION) throw new Error(`Invalid version: ${version}, only ${VERSION} is known`);
  return new Reader(b, cache).value(0);
}

// ------------------------------------------------------------------------------ encoding

/**
 * Writes into one buffer that grows by doubling and is kept between values, so encoding an
 * event allocates only its result. A string's bytes are written after a gap for its length,
 * filled in once the UTF-8 encoder has said how many bytes it took.
 */
class Writer {
  b = Buffer.allocUnsafe(4096);
  pos = 0;

  /** room for `n` more bytes */
  room(n: number): void {
    if (this.pos + n <= this.b.length) return;
    let size = this.b.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.b.copy(next, 0, 0, this.pos);
    this.b = next;
  }

  /** a type byte and a u64 length or count */
  head(t: number, n: number): void {
    this.room(9);
    const at = this.pos;
    this.b[at] = t;
    put32(this.b, at + 1, Math.floor(n / TWO_32));
    put32(this.b, at + 5, n);
    this.pos = at + 9;
  }

  /** a u64 byte length, then the UTF-8 bytes of `s` */
  string(s: string): void {
    const n = s.length;
    // UTF-8 takes at most three bytes per UTF-16 unit
    this.room(8 + 3 * n);
    const b = this.b;
    const at = this.pos + 8;
    const len = n < SHORT_STRING && ascii(b, at, s) ? n : b.write(s, at, 'utf8');
    // a JS string has fewer than 2^30 units, so its UTF-8 length fits in 32 bits
    put32(b, this.pos, 0);
    put32(b, this.pos + 4, len);
    this.pos = at + len;
  }

  value(v: Value, depth: number): void {
    switch (typeof v) {
      case 'number': {
        this.room(9);
        const b = this.b;
        const at = this.pos;
        this.pos = at + 9;
        if (Number.isSafeInteger(v)) {
          // its 32-bit halves, the high one signed (an integral number beyond 2^53 is a float)
          const hi = Math.floor(v / TWO_32);
          b[at] = I64;
          put32(b, at + 1, hi);
          put32(b, at + 5, v - hi * TWO_32);
        } else {
          b[at] = F64;
          b.writeDoubleBE(v, at + 1);
        }
        return;
      }
      case 'string':
        this.room(1);
        this.b[this.pos++] = STRING;
        return this.string(v);
      case 'boolean':
        this.room(1);
        this.b[this.pos++] = v ? TRUE : FALSE;
        return;
      case 'bigint':
        // a value's bigints lie within -2^63 … 2^64-1, so `<= I64_MAX` is the whole i64 check
        this.room(9);
        if (v <= I64_MAX) {
          this.b[this.pos] = I64;
          this.b.writeBigInt64BE(v, this.pos + 1);
        } else {
          this.b[this.pos] = U64;
          this.b.writeBigUInt64BE(v, this.pos + 1);
        }
        this.pos += 9;
        return;
      default:
        if (v === null) {
          this.room(1);
          this.b[this.pos++] = NULL;
        } else if (v instanceof FloatBox) {
          this.room(9);
          this.b[this.pos] = F64;
          this.b.writeDoubleBE(v.fv, this.pos + 1);
          this.pos += 9;
        } else if (v instanceof Uint8Array) {
          this.head(BYTES, v.length);
          this.room(v.length);
          this.b.set(v, this.pos);
          this.pos += v.length;
        } else if (depth >= MAX_DEPTH) {
          throw new NestingError();
        } else if (Array.isArray(v)) {
          this.head(ARRAY, v.length);
          for (let i = 0; i < v.length; i++) this.value(v[i], depth + 1);
        } else {
          this.record(v as Rec, depth + 1);
        }
    }
  }

  /** the count goes in a gap filled in after the entries, so the keys are walked once */
  record(r: Rec, depth: number): void {
    this.head(OBJECT, 0);
    const countAt = this.pos - 4;
    let n = 0;
    for (const k in r) {
      this.string(k);
      this.value(r[k], depth);
      n++;
    }
    put32(this.b, countAt, n);
  }
}

/** writes `s` at `at` if it is all ASCII, else returns false (what it wrote is overwritten) */
function ascii(b: Buffer, at: number, s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) return false;
    b[at + i] = c;
  }
  return true;
}

/** an encoder with its own buffer, reused from value to value; each result is a copy */
export function tremorEncoder(): (v: Value) => Uint8Array {
  const w = new Writer();
  return (v) => {
    w.pos = 0;
    w.room(2);
    w.b[0] = VERSION >> 8;
    w.b[1] = VERSION & 0xff;
    w.pos = 2;
    w.value(v, 0);
    const out = Buffer.allocUnsafe(w.pos);
    w.b.copy(out, 0, 0, w.pos);
    return out;
  };
}

export const tremor = defineCodec('tremor', schema({}), () => {
  const cache = stringCache();
  return { decode: (chunk) => decodeTremor(chunk, cache), encode: tremorEncoder() };
});
