/**
 * `decompress` (reference §4.3): each chunk is one complete compressed unit (a datagram, an
 * HTTP body, a length-prefixed frame), decompressed with node:zlib.
 *
 * Config: `algorithm` — `autodetect` (default), `gzip`, `zlib` (RFC 1950 deflate) or `br`
 * (Brotli, which has no magic bytes and so is never autodetected). Tremor also offers `xz2`,
 * `snappy`, `lz4` and `zstd`; Node 20 has no codec for them, so naming one is a config error,
 * and autodetect reports data that carries one of their magic numbers instead of passing it on
 * compressed. Autodetect passes anything else through unchanged, as Tremor does.
 *
 * `preprocessors = ["length-prefixed", {"name": "decompress", "config": {"algorithm": "gzip"}}]`
 */
import { schema } from '../runtime/schema.js';
import { algorithmField, decompressChunk, detect, isSupported } from './compression.js';
import { chunkTransform, preprocessor } from './interceptor.js';

export const decompress = preprocessor(
  'decompress',
  schema({ algorithm: algorithmField(['autodetect'], { default: 'autodetect', doc: 'autodetect (by magic bytes; uncompressed data passes), gzip, zlib or br' }) }),
  (c) =>
    chunkTransform((chunk) => {
      const algorithm = c.algorithm === 'autodetect' ? detect(chunk) : c.algorithm;
      if (algorithm === undefined) return chunk;
      if (!isSupported(algorithm)) throw new Error(`decompress: ${chunk.length} bytes look ${algorithm}-compressed, which is not supported`);
      return decompressChunk(algorithm, chunk, `decompress: cannot ${algorithm}-decompress`);
    }),
);
