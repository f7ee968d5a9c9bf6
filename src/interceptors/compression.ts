/**
 * What the compressing interceptors share: the algorithms node:zlib offers, their magic
 * bytes, one-chunk compression and decompression, and the `algorithm` and `level` config
 * fields. `compress`/`decompress` (Tremor 0.12) take the algorithm from their config; `gzip`
 * and `zlib` (Tremor 0.11's names) fix it. Each chunk is one complete compressed unit; the
 * synchronous zlib calls keep interceptors synchronous, which is fine for event-sized chunks.
 */
import { brotliCompressSync, brotliDecompressSync, constants, deflateSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import { stringify } from '../runtime/json.js';
import { ConfigError, field, int, type Field, type FieldInfo, type Presence } from '../runtime/schema.js';

export type Algorithm = 'gzip' | 'zlib' | 'br';
export const ALGORITHMS: readonly Algorithm[] = ['gzip', 'zlib', 'br'];
/** Tremor's algorithms that node:zlib cannot do */
export type Unsupported = 'xz2' | 'snappy' | 'lz4' | 'zstd';
const UNSUPPORTED: readonly string[] = ['xz2', 'snappy', 'lz4', 'zstd'] satisfies Unsupported[];

/** what the magic bytes say (as Tremor: needs 6 bytes), or undefined for uncompressed data */
export function detect(b: Uint8Array): Algorithm | Unsupported | undefined {
  if (b.length < 6) return undefined;
  const at = (...bytes: number[]) => bytes.every((x, i) => b[i] === x);
  if (at(0x1f, 0x8b)) return 'gzip';
  if (b[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(b[1])) return 'zlib';
  if (at(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00)) return 'xz2';
  if (at(0xff, 0x06, 0x00, 0x00) || at(0x73, 0x4e, 0x61, 0x50, 0x70, 0x59)) return 'snappy';
  if (at(0x04, 0x22, 0x4d, 0x18)) return 'lz4';
  if (at(0x28, 0xb5, 0x2f, 0xfd)) return 'zstd';
  return undefined;
}

export function isSupported(a: Algorithm | Unsupported): a is Algorithm {
  return (ALGORITHMS as readonly string[]).includes(a);
}

const DECOMPRESS: Record<Algorithm, (b: Uint8Array) => Buffer> = { gzip: gunzipSync, zlib: inflateSync, br: brotliDecompressSync };

/** one compressed unit, decompressed; an error is headed by `failure` ("gzip: cannot decompress") */
export function decompressChunk(algorithm: Algorithm, chunk: Uint8Array, failure: string): Buffer {
  try {
    return DECOMPRESS[algorithm](chunk);
  } catch (e) {
    throw new Error(`${failure} ${chunk.length} bytes: ${(e as Error).message}`);
  }
}

/** one chunk, compressed on its own */
export function compressChunk(algorithm: Algorithm, level: number, chunk: Uint8Array): Buffer {
  switch (algorithm) {
    case 'gzip':
      return gzipSync(chunk, { level });
    case 'zlib':
      return deflateSync(chunk, { level });
    case 'br':
      return brotliCompressSync(chunk, { params: { [constants.BROTLI_PARAM_QUALITY]: level, [constants.BROTLI_PARAM_SIZE_HINT]: chunk.length } });
  }
}

/** the `algorithm` key: one of node:zlib's algorithms or `extra`; Tremor's others are named as such */
export function algorithmField<const E extends string, const O extends FieldInfo & { default?: E }>(extra: readonly E[], opt: O): Field<Algorithm | E> & Presence<O> {
  const known: readonly string[] = [...extra, ...ALGORITHMS];
  const expected = `expected one of ${known.join(', ')}`;
  return field(
    known.map((a) => JSON.stringify(a)).join(' | '),
    (v, where) => {
      if (typeof v === 'string' && known.includes(v)) return v as Algorithm | E;
      if (typeof v === 'string' && UNSUPPORTED.includes(v)) throw new ConfigError(`\`${where}\` "${v}" is not supported (Node has no ${v} codec); ${expected}`, 'invalid', where);
      throw new ConfigError(`\`${where}\` must be a compression algorithm, not ${stringify(v)}; ${expected}`, 'invalid', where);
    },
    opt,
  );
}

/** zlib's levels: 0 (none) to 9 (best); -1 is zlib's default, which is 6 */
export const ZLIB_LEVEL = { min: -1, max: 9, default: 6 } as const;

/** the `level` of the gzip and zlib postprocessors */
export const zlibLevel = int({ ...ZLIB_LEVEL, tremor: '(no such key)', doc: 'compression level, 0 (none) to 9 (best)' });
