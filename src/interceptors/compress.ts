/**
 * `compress` (reference §4.4): compresses each chunk on its own, so each output chunk is one
 * complete compressed unit (pair with framing such as `length-prefixed` on a stream; for one
 * compressed stream over all events use `streaming-compress`).
 *
 * Config: `algorithm` (required) — `gzip`, `zlib` (RFC 1950 deflate), `xz2` (also `xz`),
 * `snappy` (framed), `lz4` (frame), `zstd` or `br` (Brotli). `level`, as in Tremor: xz2 0–9
 * (default 9), lz4 ≥ 0 (default 4; our lz4 library has only the fast mode, so it does not
 * change the output), zstd −7–22 (default 0, zstd's default); snappy takes none. For gzip and
 * zlib (0–9, default 6) and br (0–11, default 11) `level` is an extension of ours.
 *
 * `postprocessors = [{"name": "compress", "config": {"algorithm": "gzip"}}, "length-prefixed"]`
 */
import { int, schema } from '../runtime/schema.js';
import { LEVELS, algorithmField, compressChunk, levelOf } from './compression.js';
import { chunkTransform, postprocessor } from './interceptor.js';

export const compress = postprocessor(
  'compress',
  schema({
    algorithm: algorithmField([], { required: true, doc: 'gzip, zlib, xz2 (or xz), snappy, lz4, zstd or br' }),
    level: int({ tremor: '(xz2, lz4 and zstd only)', doc: 'xz2 0–9 (default 9), lz4 ≥ 0 (4), zstd −7–22 (0); ours: gzip/zlib 0–9 (6), br 0–11 (11)' }),
  }),
  (c) => {
    const level = levelOf('the compress postprocessor', c.algorithm, LEVELS[c.algorithm], c.level);
    return chunkTransform((chunk) => compressChunk(c.algorithm, level, chunk));
  },
);
