/**
 * `base64` (reference §4.3, §4.4): the preprocessor decodes each chunk from standard base64
 * (RFC 4648 alphabet with `=` padding), the postprocessor encodes each chunk to it.
 *
 * Decoding is strict, as Tremor's: Node's decoder skips characters outside the alphabet and
 * stops at the first `=`, which would silently lose data, so the chunk must be exactly the
 * canonical encoding of its bytes (no whitespace, no URL-safe alphabet, proper padding).
 *
 * Config: none. `preprocessors = ["separate", "base64"]`, `postprocessors = ["base64", "separate"]`
 */
import type { Value } from '../runtime/value.js';
import { pluginConfig, toBuffer } from '../codecs/config.js';
import type { Interceptor, InterceptorType } from './interceptor.js';

export class Base64Decode implements Interceptor {
  process(chunk: Uint8Array): Uint8Array[] {
    const text = toBuffer(chunk).toString('latin1');
    const bytes = Buffer.from(text, 'base64');
    // canonical iff re-encoding gives the input back
    if (bytes.toString('base64') !== text) throw new Error(`base64: ${chunk.length} bytes of input are not valid base64`);
    return [bytes];
  }

  finish(): Uint8Array[] {
    return [];
  }
}

export class Base64Encode implements Interceptor {
  process(chunk: Uint8Array): Uint8Array[] {
    return [Buffer.from(toBuffer(chunk).toString('base64'), 'latin1')];
  }

  finish(): Uint8Array[] {
    return [];
  }
}

export const base64Pre: InterceptorType = {
  name: 'base64',
  create(config: Value): Interceptor {
    pluginConfig('preprocessor', 'base64', config, []);
    return new Base64Decode();
  },
};

export const base64Post: InterceptorType = {
  name: 'base64',
  create(config: Value): Interceptor {
    pluginConfig('postprocessor', 'base64', config, []);
    return new Base64Encode();
  },
};
