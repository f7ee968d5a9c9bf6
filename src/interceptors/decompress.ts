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
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { stringify } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import { pluginConfig, type PluginKind } from '../codecs/config.js';
import type { Interceptor, InterceptorType } from './interceptor.js';

export type Algorithm = 'gzip' | 'zlib' | 'br';
export const ALGORITHMS: readonly Algorithm[] = ['gzip', 'zlib', 'br'];
/** Tremor's algorithms that node:zlib cannot do */
type Unsupported = 'xz2' | 'snappy' | 'lz4' | 'zstd';
const UNSUPPORTED: readonly string[] = ['xz2', 'snappy', 'lz4', 'zstd'] satisfies Unsupported[];

/** validates an `algorithm` config value against the node:zlib ones plus `extra` */
export function algorithmOf<E extends string>(kind: PluginKind, name: string, v: Value, extra: readonly E[]): Algorithm | E {
  const known: readonly string[] = [...extra, ...ALGORITHMS];
  if (typeof v === 'string' && known.includes(v)) return v as Algorithm | E;
  const expected = `expected one of ${known.join(', ')}`;
  if (typeof v === 'string' && UNSUPPORTED.includes(v)) throw new Error(`The ${name} ${kind} does not support the \`${v}\` algorithm (Node has no ${v} codec); ${expected}`);
  throw new Error(`Unknown compression \`algorithm\` for the ${name} ${kind}: ${stringify(v)}; ${expected}`);
}

const DECOMPRESS: Record<Algorithm, (b: Uint8Array) => Buffer> = { gzip: gunzipSync, zlib: inflateSync, br: brotliDecompressSync };

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

export class Decompress implements Interceptor {
  /** undefined: autodetect */
  constructor(private readonly algorithm: Algorithm | undefined) {}

  process(chunk: Uint8Array): Uint8Array[] {
    const algorithm = this.algorithm ?? detect(chunk);
    if (algorithm === undefined) return [chunk];
    if (!ALGORITHMS.includes(algorithm as Algorithm)) {
      throw new Error(`decompress: ${chunk.length} bytes look ${algorithm}-compressed, which is not supported`);
    }
    try {
      return [DECOMPRESS[algorithm as Algorithm](chunk)];
    } catch (e) {
      throw new Error(`decompress: cannot ${algorithm}-decompress ${chunk.length} bytes: ${(e as Error).message}`);
    }
  }

  finish(): Uint8Array[] {
    return [];
  }
}

export const decompress: InterceptorType = {
  name: 'decompress',
  create(config: Value): Interceptor {
    const rec = pluginConfig('preprocessor', 'decompress', config, ['algorithm']);
    const algorithm = algorithmOf('preprocessor', 'decompress', rec.algorithm ?? 'autodetect', ['autodetect'] as const);
    return new Decompress(algorithm === 'autodetect' ? undefined : algorithm);
  },
};
