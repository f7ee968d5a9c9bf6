/**
 * `ingest-ns` (reference §4.3, §4.4), for tremor-to-tremor links that carry each event's
 * ingest time in front of its payload as a u64 big-endian of nanoseconds.
 *
 * The preprocessor strips those 8 bytes (a chunk with fewer is an error). In Tremor they
 * become the event's ingest time; the Interceptor interface has no way to hand a time to the
 * connector, so here they are only validated and dropped, and the event keeps the time it was
 * read (the last value is kept in `lastIngestNs` should a connector want it).
 *
 * The postprocessor prepends the event's ingest time in Tremor; an Interceptor is not told
 * that either, so it prepends the wall-clock time at encoding.
 *
 * Config: none. `preprocessors = ["length-prefixed", "ingest-ns"]`, `postprocessors = ["ingest-ns", "length-prefixed"]`
 */
import { wallClockNs } from '../base/wallclock.js';
import { schema } from '../runtime/schema.js';
import { toBuffer, u64Prefixed } from '../codecs/bytes.js';
import { chunkTransform, postprocessor, preprocessor, type Interceptor } from './interceptor.js';

export class IngestNsPre implements Interceptor {
  /** the timestamp stripped from the last chunk */
  lastIngestNs: bigint | undefined;

  process(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length < 8) throw new Error(`ingest-ns: a chunk of ${chunk.length} bytes is too short for its 8-byte timestamp`);
    const buf = toBuffer(chunk);
    this.lastIngestNs = buf.readBigUInt64BE(0);
    return [buf.subarray(8)];
  }

  finish(): Uint8Array[] {
    return [];
  }
}

export const ingestNsPre = preprocessor('ingest-ns', schema({}), () => new IngestNsPre());

export const ingestNsPost = postprocessor('ingest-ns', schema({}), () => chunkTransform((chunk) => u64Prefixed(wallClockNs(), chunk)));
