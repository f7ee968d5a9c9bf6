/**
 * `compress` (reference §4.4): compresses each chunk on its own with node:zlib, so each output
 * chunk is one complete compressed unit (pair with framing such as `length-prefixed` on a
 * stream).
 *
 * Config: `algorithm` (required) — `gzip`, `zlib` (RFC 1950 deflate) or `br` (Brotli); Tremor's
 * `xz2`, `snappy`, `lz4` and `zstd` have no codec in Node 20 and are config errors. `level`
 * (optional): 0–9 for gzip and zlib (default 6), 0–11 for br (default 11). Tremor accepts
 * `level` only for xz2, zstd and lz4; taking it for the others is an extension.
 *
 * `postprocessors = [{"name": "compress", "config": {"algorithm": "gzip"}}, "length-prefixed"]`
 */
import { constants } from 'node:zlib';
import { ConfigError, int, schema } from '../runtime/schema.js';
import { ZLIB_LEVEL, algorithmField, compressChunk, type Algorithm } from './compression.js';
import { chunkTransform, postprocessor } from './interceptor.js';

const OWNER = 'the compress postprocessor';

/** each algorithm's levels: the schema reads any integer, `levelOf` checks the algorithm's range */
const LEVELS: Record<Algorithm, { min: number; max: number; default: number }> = {
  gzip: ZLIB_LEVEL,
  zlib: ZLIB_LEVEL,
  br: { min: constants.BROTLI_MIN_QUALITY, max: constants.BROTLI_MAX_QUALITY, default: constants.BROTLI_DEFAULT_QUALITY },
};

function levelOf(algorithm: Algorithm, level: number | undefined): number {
  const { min, max, default: dflt } = LEVELS[algorithm];
  if (level === undefined) return dflt;
  if (level < min || level > max) throw new ConfigError(`Invalid configuration for ${OWNER}: \`level\` must be from ${Math.max(min, 0)} to ${max} for ${algorithm}, not ${level}`, 'invalid', 'level');
  return level;
}

export const compress = postprocessor(
  'compress',
  schema({
    algorithm: algorithmField([], { required: true, doc: "gzip, zlib or br (Tremor's xz2, snappy, lz4 and zstd have no Node codec)" }),
    level: int({ tremor: '(xz2, zstd and lz4 only)', doc: 'compression level: 0–9 for gzip and zlib (default 6), 0–11 for br (default 11)' }),
  }),
  (c) => {
    const level = levelOf(c.algorithm, c.level);
    return chunkTransform((chunk) => compressChunk(c.algorithm, level, chunk));
  },
);
