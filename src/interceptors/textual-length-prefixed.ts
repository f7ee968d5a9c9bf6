/**
 * `textual-length-prefixed` (Tremor 0.12: `textual-length-prefix`; reference §4.3, §4.4):
 * the octet-counting framing of RFC 5425 (syslog over TLS/TCP), `<length> <payload>`, where
 * the length is the payload's byte count in ASCII decimal. The postprocessor prepends
 * `"<length> "`; the preprocessor reads frames from a byte stream however the transport splits
 * or joins them.
 *
 * As in Tremor the separator may be any ASCII whitespace and the length is at most u32::MAX.
 * A bad length (not 1–10 digits) is an error: the stream has lost sync, so what is buffered is
 * dropped, and frames before it in the same chunk are still emitted. A stream that ends inside
 * a frame is an error from `finish` (Tremor drops those bytes silently, and gets stuck for good
 * on a bad length).
 *
 * Config: none. `preprocessors = ["textual-length-prefixed"]`, `postprocessors = ["textual-length-prefixed"]`
 */
import type { Value } from '../runtime/value.js';
import { pluginConfig } from '../codecs/config.js';
import type { Interceptor, InterceptorType } from './interceptor.js';
import { ByteQueue } from './length-prefixed.js';
import { PartialFailure } from './separate.js';

/** u32::MAX, 4294967295, has 10 digits */
const MAX_DIGITS = 10;

/** Rust's `u8::is_ascii_whitespace`: space, \t, \n, \f, \r */
const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d;

export class TextualLengthPrefixedPre implements Interceptor {
  private readonly queue = new ByteQueue();
  private need: number | undefined;

  process(chunk: Uint8Array): Uint8Array[] {
    this.queue.push(chunk);
    const out: Uint8Array[] = [];
    for (;;) {
      if (this.need === undefined) {
        const head = this.queue.peek(MAX_DIGITS + 1);
        const space = head.findIndex(isSpace);
        if (space < 0 && head.length <= MAX_DIGITS) break; // the header is still arriving
        const digits = head.subarray(0, Math.max(space, 0)).toString('latin1');
        if (space < 0 || !/^[0-9]+$/.test(digits) || Number(digits) > 0xffffffff) {
          this.queue.clear();
          const shown = JSON.stringify(head.toString('latin1'));
          throw new PartialFailure(out, [{ at: out.length, message: `textual-length-prefixed: expected a decimal length and a space, found ${shown}; the buffered input is dropped` }]);
        }
        this.queue.take(space + 1);
        this.need = Number(digits);
      }
      if (this.queue.length < this.need) break;
      out.push(this.queue.take(this.need));
      this.need = undefined;
    }
    return out;
  }

  finish(): Uint8Array[] {
    const { need } = this;
    const held = this.queue.length;
    this.queue.clear();
    this.need = undefined;
    if (need !== undefined) throw new Error(`textual-length-prefixed: the input ended inside a frame, after ${held} of its ${need} bytes`);
    if (held > 0) throw new Error(`textual-length-prefixed: the input ended inside a length prefix (${held} bytes)`);
    return [];
  }
}

export class TextualLengthPrefixedPost implements Interceptor {
  process(chunk: Uint8Array): Uint8Array[] {
    return [Buffer.concat([Buffer.from(`${chunk.length} `, 'latin1'), chunk])];
  }

  finish(): Uint8Array[] {
    return [];
  }
}

function pre(name: string): InterceptorType {
  return {
    name,
    create(config: Value): Interceptor {
      pluginConfig('preprocessor', name, config, []);
      return new TextualLengthPrefixedPre();
    },
  };
}

function post(name: string): InterceptorType {
  return {
    name,
    create(config: Value): Interceptor {
      pluginConfig('postprocessor', name, config, []);
      return new TextualLengthPrefixedPost();
    },
  };
}

export const textualLengthPrefixedPre = pre('textual-length-prefixed');
export const textualLengthPrefixedPost = post('textual-length-prefixed');
/** the 0.12 name */
export const textualLengthPrefixPre = pre('textual-length-prefix');
export const textualLengthPrefixPost = post('textual-length-prefix');
