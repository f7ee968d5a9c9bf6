/**
 * `zlib` (Tremor 0.11's names; 0.12 spells them `decompress` / `compress` with
 * `{"algorithm": "zlib"}`): the preprocessor inflates each chunk from the zlib format (RFC
 * 1950, deflate with a 2-byte header and Adler-32), the postprocessor deflates each chunk into
 * it. Every chunk is one complete zlib stream, as in Tremor, so pair the preprocessor with
 * framing that delivers whole streams (a datagram, an HTTP body, a length-prefixed frame).
 *
 * Postprocessor config: `level` (0–9, default zlib's 6). The preprocessor takes none.
 * `preprocessors = ["length-prefixed", "zlib"]`, `postprocessors = [{"name": "zlib", "config": {"level": 9}}, "length-prefixed"]`
 */
import { constants, deflateSync, inflateSync } from 'node:zlib';
import { stringify } from '../runtime/json.js';
import type { Value } from '../runtime/value.js';
import { pluginConfig } from '../codecs/config.js';
import type { Interceptor, InterceptorType } from './interceptor.js';

export class Inflate implements Interceptor {
  process(chunk: Uint8Array): Uint8Array[] {
    try {
      return [inflateSync(chunk)];
    } catch (e) {
      throw new Error(`zlib: cannot decompress ${chunk.length} bytes: ${(e as Error).message}`);
    }
  }

  finish(): Uint8Array[] {
    return [];
  }
}

export class Deflate implements Interceptor {
  constructor(private readonly level: number) {}

  process(chunk: Uint8Array): Uint8Array[] {
    return [deflateSync(chunk, { level: this.level })];
  }

  finish(): Uint8Array[] {
    return [];
  }
}

/** `level` of a zlib-format postprocessor: 0–9, or zlib's default */
export function zlibLevel(name: string, rec: Record<string, Value>): number {
  const level = rec.level ?? constants.Z_DEFAULT_COMPRESSION;
  if (typeof level !== 'number' || !Number.isInteger(level) || level < -1 || level > 9) {
    throw new Error(`Invalid \`level\` for the ${name} postprocessor: ${stringify(level)}, must be an integer from 0 to 9`);
  }
  return level;
}

export const inflate: InterceptorType = {
  name: 'zlib',
  create(config: Value): Interceptor {
    pluginConfig('preprocessor', 'zlib', config, []);
    return new Inflate();
  },
};

export const deflate: InterceptorType = {
  name: 'zlib',
  create(config: Value): Interceptor {
    return new Deflate(zlibLevel('zlib', pluginConfig('postprocessor', 'zlib', config, ['level'])));
  },
};
