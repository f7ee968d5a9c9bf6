/**
 * The preprocessor side of a stream framing: a header that gives the payload's length, then
 * the payload, read from a byte stream however the transport splits or joins them. The two
 * framings (`length-prefixed`, `textual-length-prefixed`) differ only in their header, which
 * a `FrameHeader` reads.
 *
 * A bad header means the stream is not framed this way or lost sync: what is buffered is
 * dropped, and the frames before it in the same chunk are still emitted (a `PartialFailure`).
 * A stream that ends inside a frame is an error from `finish` (Tremor drops those bytes
 * silently).
 */
import { ByteQueue } from './byte-queue.js';
import { PartialFailure, type Interceptor } from './interceptor.js';

export interface FrameHeader {
  /** heads the messages: the preprocessor's name */
  readonly name: string;
  /**
   * takes a header from the front of `queue` and returns its payload length, or undefined
   * while the header is still arriving; a bad header throws an Error saying what was found
   */
  read(queue: ByteQueue): number | undefined;
  /** what the input ended inside, given the `held` bytes of an unfinished header */
  unfinished(held: number): string;
}

export class FrameReader implements Interceptor {
  private readonly queue = new ByteQueue();
  /** the payload length of the frame being read, once its header is in */
  private need: number | undefined;

  constructor(private readonly header: FrameHeader) {}

  process(chunk: Uint8Array): Uint8Array[] {
    this.queue.push(chunk);
    const out: Uint8Array[] = [];
    for (;;) {
      if (this.need === undefined) {
        try {
          this.need = this.header.read(this.queue);
        } catch (e) {
          this.queue.clear();
          throw new PartialFailure(out, [{ at: out.length, message: `${this.header.name}: ${(e as Error).message}` }]);
        }
        if (this.need === undefined) break;
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
    if (need !== undefined) throw new Error(`${this.header.name}: the input ended inside a frame, after ${held} of its ${need} bytes`);
    if (held > 0) throw new Error(`${this.header.name}: the input ended inside ${this.header.unfinished(held)}`);
    return [];
  }
}
