/**
 * Bytes received but not yet emitted, as the chunks they came in: stream framings
 * (`length-prefixed`, `textual-length-prefixed`) read headers and payloads that the transport
 * may have split across chunks or joined into one, and joining only when a read spans chunks
 * keeps the common case (a whole frame in one chunk) copy-free.
 */
import { toBuffer } from '../codecs/bytes.js';

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
