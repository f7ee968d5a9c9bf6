/**
 * GELF chunking, the `gelf-chunking` postprocessor's state (Tremor's `Gelf` postprocessor):
 * each payload is cut into pieces of `chunkSize − 12` bytes, each sent behind a chunk header
 * (segment.ts) with the payload's message id, its sequence number and the number of pieces.
 *
 * As in Tremor: every payload is chunked, even one that fits a single chunk (count 1, which
 * GELF receivers accept); more than 128 pieces is an error and nothing is sent; an empty
 * payload makes no chunk at all (GELF has no empty message).
 *
 * Message ids: Tremor counts them, from 0, one per payload it chunks (not per failed one), per
 * postprocessor instance. That is reproducible, so it is kept: the counter belongs to the
 * instance (a reconnected or second sink starts again at 0, as a restarted Tremor does) and
 * wraps at 2^64. GELF asks receivers to key chunks by id (Graylog also by sender), so two
 * senders to one receiver should not share a source address.
 */
import type { Interceptor } from '../interceptor.js';
import { encodeChunk, HEADER_BYTES, MAX_CHUNKS } from './segment.js';

/** Tremor's chunk size, header included */
export const DEFAULT_CHUNK_SIZE = 8192;

const U64 = (1n << 64n) - 1n;

export class GelfSplitter implements Interceptor {
  private nextId = 0n;

  /** `chunkSize`: the bytes of one chunk, header included (more than 12) */
  constructor(private readonly chunkSize = DEFAULT_CHUNK_SIZE) {}

  process(payload: Uint8Array): Uint8Array[] {
    const piece = this.chunkSize - HEADER_BYTES;
    const count = Math.ceil(payload.length / piece);
    if (count > MAX_CHUNKS) throw new Error(`gelf-chunking: Maximum number of chunks is ${MAX_CHUNKS} this package would cause ${count} chunks.`);
    const id = this.nextId;
    this.nextId = (id + 1n) & U64;
    const out: Uint8Array[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = encodeChunk(id, i, count, payload.subarray(i * piece, (i + 1) * piece));
    return out;
  }

  finish(): Uint8Array[] {
    return [];
  }
}
