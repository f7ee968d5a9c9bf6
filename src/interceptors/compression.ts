/**
 * What the compressing interceptors share: Tremor's algorithms, their magic bytes, one-chunk
 * compression and decompression, and the `algorithm` and `level` config fields.
 * `compress`/`decompress` (Tremor 0.12) take the algorithm from their config; `gzip` and
 * `zlib` (Tremor 0.11's names) fix it; `streaming-compress` (0.13) keeps one stream open.
 *
 * gzip, zlib and Brotli are node:zlib's; xz, zstd, lz4 and snappy come from libraries loaded
 * on first use (compression/*.ts says which and why). Each chunk is one complete compressed
 * unit; everything is synchronous, as interceptors are, which is fine for event-sized chunks.
 */
import { brotliCompressSync, brotliDecompressSync, constants, deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { stringify } from '../runtime/json.js';
import { ConfigError, field, int, type Field, type FieldInfo, type Presence } from '../runtime/schema.js';
import { lz4Compress, lz4Decompress } from './compression/lz4.js';
import { snappyCompress, snappyDecompress } from './compression/snappy.js';
import { xzCompress, xzDecompress } from './compression/xz.js';
import { zstdCompress, zstdDecompress } from './compression/zstd.js';

export type Algorithm = 'gzip' | 'zlib' | 'xz2' | 'snappy' | 'lz4' | 'zstd' | 'br';
export const ALGORITHMS: readonly Algorithm[] = ['gzip', 'zlib', 'xz2', 'snappy', 'lz4', 'zstd', 'br'];
/** other spellings: `xz` is the tool's and the file extension's name for Tremor's `xz2` */
const ALIASES: Readonly<Record<string, Algorithm>> = { xz: 'xz2' };

/**
 * what the magic bytes say, as Tremor's `autodetect` reads them (it needs 6 bytes, and takes
 * any 0xff first byte for framed snappy); undefined for anything else. Brotli has no magic.
 */
export function detect(b: Uint8Array): Algorithm | undefined {
  if (b.length < 6) return undefined;
  const at = (...bytes: number[]) => bytes.every((x, i) => b[i] === x);
  if (at(0x1f, 0x8b)) return 'gzip';
  if (b[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(b[1])) return 'zlib';
  if (at(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return 'xz2';
  if (b[0] === 0xff || at(0x73, 0x4e, 0x61, 0x50, 0x70, 0x59)) return 'snappy';
  if (at(0x04, 0x22, 0x4d, 0x18)) return 'lz4';
  if (at(0x28, 0xb5, 0x2f, 0xfd)) return 'zstd';
  return undefined;
}

const DECOMPRESS: Record<Algorithm, (b: Uint8Array) => Uint8Array> = {
  gzip: gunzipSync,
  zlib: inflateSync,
  br: brotliDecompressSync,
  xz2: xzDecompress,
  zstd: zstdDecompress,
  lz4: lz4Decompress,
  snappy: snappyDecompress,
};

/** one compressed unit, decompressed; an error is headed by `failure` ("gzip: cannot decompress") */
export function decompressChunk(algorithm: Algorithm, chunk: Uint8Array, failure: string): Uint8Array {
  try {
    return DECOMPRESS[algorithm](chunk);
  } catch (e) {
    throw new Error(`${failure} ${chunk.length} bytes: ${(e as Error).message}`);
  }
}

/** one chunk, compressed on its own at `level` (see `LEVELS`; snappy has none) */
export function compressChunk(algorithm: Algorithm, level: number, chunk: Uint8Array): Uint8Array {
  switch (algorithm) {
    case 'gzip':
      return gzipSync(chunk, { level });
    case 'zlib':
      return deflateSync(chunk, { level });
    case 'br':
      return brotliCompressSync(chunk, { params: { [constants.BROTLI_PARAM_QUALITY]: level, [constants.BROTLI_PARAM_SIZE_HINT]: chunk.length } });
    case 'xz2':
      return xzCompress(chunk, level);
    case 'zstd':
      return zstdCompress(chunk, level);
    case 'lz4':
      return lz4Compress(chunk);
    case 'snappy':
      return snappyCompress(chunk);
  }
}

/**
 * the `algorithm` key: one of `allowed` (default: all of Tremor's) or `extra` (`autodetect`);
 * `xz` reads as `xz2`
 */
export function algorithmField<const E extends string, const O extends FieldInfo & { default?: E }>(extra: readonly E[], opt: O, allowed: readonly Algorithm[] = ALGORITHMS): Field<Algorithm | E> & Presence<O> {
  const known: readonly string[] = [...extra, ...allowed];
  const expected = `expected one of ${known.join(', ')}`;
  return field(
    known.map((a) => JSON.stringify(a)).join(' | '),
    (v, where) => {
      const name = typeof v === 'string' ? (ALIASES[v] ?? v) : undefined;
      if (name !== undefined && known.includes(name)) return name as Algorithm | E;
      const what = typeof v === 'string' ? `Unknown compression algorithm: ${v}` : `\`${where}\` must be a compression algorithm, not ${stringify(v)}`;
      throw new ConfigError(`${what}; ${expected}`, 'invalid', where);
    },
    opt,
  );
}

interface LevelRule {
  min: number;
  max: number;
  default: number;
}

/** zlib's levels: 0 (none) to 9 (best); -1 is zlib's default, which is 6 */
export const ZLIB_LEVEL = { min: -1, max: 9, default: 6 } as const;

/**
 * `level` for each algorithm of `compress`. Tremor takes it for xz2 (0–9, default 9), lz4
 * (≥ 0, default 4) and zstd (−7–22, default 0, zstd's own default); for gzip, zlib and br it is
 * our extension (Tremor's error for them is kept for snappy, which has no levels).
 */
export const LEVELS: Readonly<Record<Algorithm, LevelRule | undefined>> = {
  gzip: ZLIB_LEVEL,
  zlib: ZLIB_LEVEL,
  br: { min: constants.BROTLI_MIN_QUALITY, max: constants.BROTLI_MAX_QUALITY, default: constants.BROTLI_DEFAULT_QUALITY },
  xz2: { min: 0, max: 9, default: 9 },
  lz4: { min: 0, max: 0xffffffff, default: 4 },
  zstd: { min: -7, max: 22, default: 0 },
  snappy: undefined,
};

/** the level to use: `level` checked against `rule`, or the rule's default */
export function levelOf(owner: string, algorithm: Algorithm, rule: LevelRule | undefined, level: number | undefined): number {
  if (rule === undefined) {
    if (level === undefined) return 0;
    throw new ConfigError(`Invalid configuration for ${owner}: \`level\` is not supported for ${algorithm} (Compression level not supported for given algorithm)`, 'invalid', 'level');
  }
  if (level === undefined) return rule.default;
  if (level < rule.min || level > rule.max) {
    const range = rule.max === 0xffffffff ? `at least ${rule.min}` : `from ${Math.max(rule.min, algorithm === 'gzip' || algorithm === 'zlib' ? 0 : rule.min)} to ${rule.max}`;
    throw new ConfigError(`Invalid configuration for ${owner}: \`level\` must be ${range} for ${algorithm}, not ${level}`, 'invalid', 'level');
  }
  return level;
}

/** the `level` of the gzip and zlib postprocessors */
export const zlibLevel = int({ ...ZLIB_LEVEL, tremor: '(no such key)', doc: 'compression level, 0 (none) to 9 (best)' });
