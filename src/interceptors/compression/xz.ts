/**
 * xz (LZMA2 in the .xz container, CRC-64 check, as Rust's `xz2` writes it) through
 * `lzma-native`, liblzma's own code with a prebuilt N-API binary inside the package. Its
 * native stream codes synchronously when asked (`code(chunk, false)`) and hands each output
 * buffer to `bufferHandler` before returning, which is what synchronous interceptors need; the
 * package's Node-stream wrapper would make everything asynchronous.
 */
import { lib } from './load.js';

type Handler = (buf: Buffer | null | undefined, processed: number | undefined, err: Error | null | undefined) => void;

interface NativeStream {
  bufferHandler: Handler;
  easyEncoder_(preset: number, check: number): void;
  streamDecoder_(memlimit: number | null, flags: number): void;
  code(chunk: Buffer | null, async: boolean): void;
  resetUnderlying(): void;
}

interface Lzma {
  Stream: new () => NativeStream;
  CHECK_CRC64: number;
}

/** one liblzma stream, coded synchronously: `write` and `end` return the output they produced */
export class XzCoder {
  private readonly stream: NativeStream;
  private out: Buffer[] = [];
  private error: Error | undefined;

  private constructor(init: (s: NativeStream, lzma: Lzma) => void) {
    const lzma = lib<Lzma>('lzma-native');
    this.stream = new lzma.Stream();
    this.stream.bufferHandler = (buf, _processed, err) => {
      if (err) this.error = err;
      else if (buf) this.out.push(buf);
    };
    init(this.stream, lzma);
  }

  /** an encoder at `level` (liblzma's preset, 0–9) */
  static encoder(level: number): XzCoder {
    return new XzCoder((s, lzma) => s.easyEncoder_(level, lzma.CHECK_CRC64));
  }

  /** a decoder of one .xz stream (no memory limit, as Rust's `XzDecoder::new`) */
  static decoder(): XzCoder {
    return new XzCoder((s) => s.streamDecoder_(null, 0));
  }

  write(chunk: Uint8Array): Buffer[] {
    // the native side takes an empty chunk as "finish"
    if (chunk.length > 0) this.stream.code(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), false);
    return this.take();
  }

  /** finishes the stream (and frees liblzma's buffers) */
  end(): Buffer[] {
    this.stream.code(null, false);
    return this.take();
  }

  private take(): Buffer[] {
    const { out, error } = this;
    this.out = [];
    if (error) {
      this.error = undefined;
      throw new Error(error.message);
    }
    return out;
  }
}

export function xzCompress(chunk: Uint8Array, level: number): Buffer {
  const c = XzCoder.encoder(level);
  return Buffer.concat([...c.write(chunk), ...c.end()]);
}

export function xzDecompress(chunk: Uint8Array): Buffer {
  const d = XzCoder.decoder();
  return Buffer.concat([...d.write(chunk), ...d.end()]);
}
