/**
 * `gzip` (Tremor 0.11's names; 0.12 spells them `decompress` / `compress` with an algorithm):
 * the preprocessor gunzips each chunk, the postprocessor gzips each chunk. Every chunk is one
 * complete gzip member, as in Tremor, so pair the preprocessor with framing that delivers
 * whole members (one datagram, one HTTP body, a length-prefixed frame), not with 8 KiB reads.
 * The synchronous zlib calls keep interceptors synchronous; chunks are event-sized.
 *
 * Postprocessor config: `level` (0–9, default zlib's 6). The preprocessor takes none.
 */
import { gunzipSync, gzipSync, constants } from 'node:zlib';
import { stringify } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import { pluginConfig } from '../codecs/config.js';
import type { Interceptor, InterceptorType } from './interceptor.js';

export class Gunzip implements Interceptor {
  process(chunk: Uint8Array): Uint8Array[] {
    try {
      return [gunzipSync(chunk)];
    } catch (e) {
      throw new Error(`gzip: cannot decompress ${chunk.length} bytes: ${(e as Error).message}`);
    }
  }

  finish(): Uint8Array[] {
    return [];
  }
}

export class Gzip implements Interceptor {
  constructor(private readonly level: number) {}

  process(chunk: Uint8Array): Uint8Array[] {
    return [gzipSync(chunk, { level: this.level })];
  }

  finish(): Uint8Array[] {
    return [];
  }
}

export const gunzip: InterceptorType = {
  name: 'gzip',
  create(config: Value): Interceptor {
    pluginConfig('preprocessor', 'gzip', config, []);
    return new Gunzip();
  },
};

export const gzip: InterceptorType = {
  name: 'gzip',
  create(config: Value): Interceptor {
    const rec = pluginConfig('postprocessor', 'gzip', config, ['level']);
    const level = rec.level ?? constants.Z_DEFAULT_COMPRESSION;
    if (typeof level !== 'number' || !Number.isInteger(level) || level < -1 || level > 9) throw new Error(`Invalid \`level\` for the gzip postprocessor: ${stringify(level)}, must be an integer from 0 to 9`);
    return new Gzip(level);
  },
};
