/**
 * `length-prefixed` (reference §4.3, §4.4): binary stream framing. The postprocessor prepends
 * each chunk's byte length as a u64 big-endian; the preprocessor reads such frames from a byte
 * stream, however the transport splits or joins them, and emits each payload.
 *
 * Differences from Tremor, so that nothing is lost without a word: Tremor reads a header only
 * once *more* than 8 bytes are buffered, which holds back a zero-length frame at the end of the
 * input; here 8 bytes suffice. A stream that ends inside a frame is reported as an error by
 * `finish` (Tremor drops the bytes). A length beyond what a Buffer can hold means the stream
 * is not length-prefixed (or lost sync): it is an error (the frames before it are still
 * emitted), and what was buffered is dropped.
 *
 * Config: none. `preprocessors = ["length-prefixed"]`, `postprocessors = ["length-prefixed"]`
 */
import { constants } from 'node:buffer';
import type { Value } from '../runtime/value.js';
import { pluginConfig, toBuffer } from '../codecs/config.js';
import type { Interceptor, InterceptorType } from './interceptor.js';
import { PartialFailure } from './separate.js';

/** bytes received but not yet emitted, as the chunks they came in (joined only when needed) */
export class ByteQueue {
  private parts: Buffer[] = [];
  length = 0;

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.parts.push(toBuffer(chunk));
    this.length += chunk.length;
  }

  /** removes and returns the first `n` bytes; the caller checked `n <= length` */
  take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0);
    let head = this.parts[0];
    if (head.length < n) {
      const k = this.partsFor(n);
      head = Buffer.concat(this.parts.slice(0, k));
      this.parts.splice(0, k, head);
    }
    if (head.length === n) this.parts.shift();
    else this.parts[0] = head.subarray(n);
    this.length -= n;
    return head.subarray(0, n);
  }

  /** the first `n` bytes (fewer if fewer are buffered), left in place */
  peek(n: number): Buffer {
    const head = this.parts[0];
    if (!head) return Buffer.alloc(0);
    if (head.length >= n) return head.subarray(0, n);
    return Buffer.concat(this.parts.slice(0, this.partsFor(n))).subarray(0, n);
  }

  /** how many leading parts hold the first `n` bytes (all of them if fewer are buffered) */
  private partsFor(n: number): number {
    let k = 0;
    for (let got = 0; k < this.parts.length && got < n; k++) got += this.parts[k].length;
    return k;
  }

  clear(): void {
    this.parts = [];
    this.length = 0;
  }
}

export class LengthPrefixedPre implements Interceptor {
  private readonly queue = new ByteQueue();
  /** the payload length of the frame being read, once its header is in */
  private need: number | undefined;

  process(chunk: Uint8Array): Uint8Array[] {
    this.queue.push(chunk);
    const out: Uint8Array[] = [];
    for (;;) {
      if (this.need === undefined) {
        if (this.queue.length < 8) break;
        const length = this.queue.take(8).readBigUInt64BE(0);
        if (length > BigInt(constants.MAX_LENGTH)) {
          this.queue.clear();
          const message = `length-prefixed: a frame of ${length} bytes is beyond the maximum of ${constants.MAX_LENGTH}; the input is not length-prefixed or lost sync`;
          throw new PartialFailure(out, [{ at: out.length, message }]);
        }
        this.need = Number(length);
      }
      if (this.queue.length < this.need) break;
      out.push(this.queue.take(this.need));
      this.need = undefined;
    }
    return out;
  }

  finish(): Uint8Array[] {
    const { need } = this;
    const held = this.queue.length;
    this.queue.clear();
    this.need = undefined;
    if (need !== undefined) throw new Error(`length-prefixed: the input ended inside a frame, after ${held} of its ${need} bytes`);
    if (held > 0) throw new Error(`length-prefixed: the input ended inside a frame header, after ${held} of its 8 bytes`);
    return [];
  }
}

export class LengthPrefixedPost implements Interceptor {
  process(chunk: Uint8Array): Uint8Array[] {
    const out = Buffer.allocUnsafe(chunk.length + 8);
    out.writeBigUInt64BE(BigInt(chunk.length), 0);
    out.set(chunk, 8);
    return [out];
  }

  finish(): Uint8Array[] {
    return [];
  }
}

export const lengthPrefixedPre: InterceptorType = {
  name: 'length-prefixed',
  create(config: Value): Interceptor {
    pluginConfig('preprocessor', 'length-prefixed', config, []);
    return new LengthPrefixedPre();
  },
};

export const lengthPrefixedPost: InterceptorType = {
  name: 'length-prefixed',
  create(config: Value): Interceptor {
    pluginConfig('postprocessor', 'length-prefixed', config, []);
    return new LengthPrefixedPost();
  },
};
