/**
 * `separate` (reference §4.3, §4.4): the preprocessor splits a byte stream into chunks at a
 * one-byte separator (default `\n`, removed); the postprocessor appends the separator to each
 * chunk.
 *
 * Preprocessor config: `separator`, `max_length` (bytes, 0 = no limit), `buffered` (default
 * true). Tremor's subtlety is kept: named without a config (`"separate"`) lines are limited to
 * 8192 bytes, while `{"name": "separate", "config": {}}` leaves `max_length` unlimited.
 *
 * Buffered, the trailing fragment of a chunk waits for the next separator (or `finish`);
 * unbuffered, each chunk ends as if followed by a separator. Empty segments between two
 * separators are emitted (pair with `remove-empty` to drop them).
 *
 * Lines longer than `max_length` differ from Tremor on purpose, so that nothing disappears
 * silently (DECISIONS.md: undecodable input goes to `err`): every overlong line is reported
 * once, as a failure, and dropped *whole* — Tremor drops complete overlong segments without a
 * word, and after an overlong fragment it emits the rest of that line as if it were a line.
 * Failures do not cost the good lines of the same chunk: they are thrown as a
 * `PartialFailure` that carries the output (see below).
 */
import { stringify } from '../runtime/json.js';
import { ConfigError, bool, field, int, schema } from '../runtime/schema.js';
import { toBuffer } from '../codecs/bytes.js';
import { PartialFailure, chunkTransform, postprocessor, preprocessor, type Interceptor, type InterceptorType } from './interceptor.js';

/** Tremor's line limit for `separate` named without a config */
export const DEFAULT_MAX_LENGTH = 8192;

/** the `separator` key: a string of one byte */
const separator = field(
  'string (1 byte)',
  (v, where) => {
    if (typeof v !== 'string' || Buffer.byteLength(v, 'utf8') !== 1) throw new ConfigError(`\`${where}\` must be 1 byte, not ${stringify(v)}`, 'invalid', where);
    return v;
  },
  { default: '\n', doc: 'the byte lines end with' },
);

const byteOf = (separator: string): number => Buffer.from(separator, 'utf8')[0];

export class SeparatePre implements Interceptor {
  /** pieces of the current, unfinished line (buffered mode) */
  private parts: Buffer[] = [];
  private partsLength = 0;
  /** an overlong line was reported: its bytes are dropped up to the next separator */
  private skipping = false;

  constructor(
    private readonly separator: number,
    /** 0: no limit */
    private readonly maxLength: number,
    private readonly buffered: boolean,
  ) {}

  process(chunk: Uint8Array): Uint8Array[] {
    const buf = toBuffer(chunk);
    const out: Uint8Array[] = [];
    const failures: { at: number; message: string }[] = [];
    let start = 0;
    for (let i = buf.indexOf(this.separator); i >= 0; i = buf.indexOf(this.separator, start)) {
      this.line(buf.subarray(start, i), out, failures);
      start = i + 1;
    }
    const tail = buf.subarray(start);
    if (!this.buffered) {
      // Tremor also emits an empty tail here (a chunk ending in a separator); that is an
      // artefact, not an empty line
      if (tail.length > 0) this.line(tail, out, failures);
    } else if (this.skipping) {
      // still inside an overlong line
    } else if (this.maxLength && this.partsLength + tail.length > this.maxLength) {
      failures.push({ at: out.length, message: this.tooLong(this.partsLength + tail.length, true) });
      this.reset();
      this.skipping = true;
    } else if (tail.length > 0) {
      this.parts.push(tail);
      this.partsLength += tail.length;
    }
    if (failures.length) throw new PartialFailure(out, failures);
    return out;
  }

  finish(): Uint8Array[] {
    const rest = this.partsLength > 0 ? [Buffer.concat(this.parts, this.partsLength)] : [];
    this.reset();
    this.skipping = false;
    return rest;
  }

  /** a segment that ended at a separator */
  private line(seg: Buffer, out: Uint8Array[], failures: { at: number; message: string }[]): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    const length = this.partsLength + seg.length;
    if (this.maxLength && length > this.maxLength) failures.push({ at: out.length, message: this.tooLong(length, false) });
    else out.push(this.partsLength ? Buffer.concat([...this.parts, seg], length) : seg);
    this.reset();
  }

  private reset(): void {
    this.parts = [];
    this.partsLength = 0;
  }

  private tooLong(length: number, unfinished: boolean): string {
    return `Discarded a line of ${unfinished ? 'at least ' : ''}${length} bytes: it exceeds the maximum length of ${this.maxLength} bytes`;
  }
}

const PRE_CONFIG = schema({
  separator,
  max_length: int({ min: 0, default: 0, tremor: '0 (8192 when named without a config)', doc: 'the longest line in bytes, 0 for no limit; 8192 when `separate` is named without a config' }),
  buffered: bool({ default: true, doc: "keep a chunk's unfinished last line for the next chunk, rather than ending it there" }),
});

const configured = preprocessor('separate', PRE_CONFIG, (c) => new SeparatePre(byteOf(c.separator), c.max_length, c.buffered));

export const separatePre: InterceptorType = {
  ...configured,
  // Tremor's subtlety: `"separate"` alone (a null config) limits lines, `{}` does not
  create: (config) => (config === null ? new SeparatePre(10, DEFAULT_MAX_LENGTH, true) : configured.create(config)),
};

export const separatePost = postprocessor('separate', schema({ separator }), (c) => {
  const byte = byteOf(c.separator);
  return chunkTransform((chunk) => {
    const out = Buffer.allocUnsafe(chunk.length + 1);
    out.set(chunk, 0);
    out[chunk.length] = byte;
    return out;
  });
});
