/**
 * `decompress` (reference §4.3): each chunk is one complete compressed unit (a datagram, an
 * HTTP body, a length-prefixed frame, a whole file read by a connector that hands it over in
 * one piece).
 *
 * Config: `algorithm` — `autodetect` (default), `gzip`, `zlib`, `xz2` (also `xz`), `snappy`
 * (framed), `lz4` (frame), `zstd` or `br`. Autodetect reads Tremor's magic bytes (every
 * algorithm but Brotli, which has none) and passes anything else through unchanged, as Tremor
 * does; so does a chunk shorter than 6 bytes.
 *
 * `preprocessors = ["length-prefixed", {"name": "decompress", "config": {"algorithm": "gzip"}}]`
 */
import { schema } from '../runtime/schema.js';
import { algorithmField, decompressChunk, detect } from './compression.js';
import { chunkTransform, preprocessor } from './interceptor.js';

export const decompress = preprocessor(
  'decompress',
  schema({ algorithm: algorithmField(['autodetect'], { default: 'autodetect', doc: 'autodetect (by magic bytes; other data passes), gzip, zlib, xz2 (or xz), snappy, lz4, zstd or br' }) }),
  (c) =>
    chunkTransform((chunk) => {
      const algorithm = c.algorithm === 'autodetect' ? detect(chunk) : c.algorithm;
      if (algorithm === undefined) return chunk;
      return decompressChunk(algorithm, chunk, `decompress: cannot ${algorithm}-decompress`);
    }),
);
