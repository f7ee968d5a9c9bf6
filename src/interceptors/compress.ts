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
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';
import { stringify } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import { pluginConfig } from '../codecs/config.js';
import type { Interceptor, InterceptorType } from './interceptor.js';
import { algorithmOf, type Algorithm } from './decompress.js';
import { zlibLevel } from './zlib.js';

export class Compress implements Interceptor {
  constructor(
    private readonly algorithm: Algorithm,
    private readonly level: number,
  ) {}

  process(chunk: Uint8Array): Uint8Array[] {
    switch (this.algorithm) {
      case 'gzip':
        return [gzipSync(chunk, { level: this.level })];
      case 'zlib':
        return [deflateSync(chunk, { level: this.level })];
      case 'br':
        return [brotliCompressSync(chunk, { params: { [constants.BROTLI_PARAM_QUALITY]: this.level, [constants.BROTLI_PARAM_SIZE_HINT]: chunk.length } })];
    }
  }

  finish(): Uint8Array[] {
    return [];
  }
}

function brotliLevel(rec: Record<string, Value>): number {
  const level = rec.level ?? constants.BROTLI_DEFAULT_QUALITY;
  if (typeof level !== 'number' || !Number.isInteger(level) || level < constants.BROTLI_MIN_QUALITY || level > constants.BROTLI_MAX_QUALITY) {
    throw new Error(`Invalid \`level\` for the compress postprocessor with br: ${stringify(level)}, must be an integer from 0 to 11`);
  }
  return level;
}

export const compress: InterceptorType = {
  name: 'compress',
  create(config: Value): Interceptor {
    const rec = pluginConfig('postprocessor', 'compress', config, ['algorithm', 'level']);
    if (rec.algorithm === undefined) throw new Error('The compress postprocessor needs an `algorithm`: gzip, zlib or br');
    const algorithm = algorithmOf('postprocessor', 'compress', rec.algorithm, []);
    return new Compress(algorithm, algorithm === 'br' ? brotliLevel(rec) : zlibLevel('compress', rec));
  },
};
