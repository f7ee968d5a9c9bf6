/**
 * LZ4 frames (the format of the `lz4` command line and of Rust's `lz4::Encoder`) through
 * `lz4-napi` (the `lz4_flex` implementation, prebuilt N-API binaries shipped as npm packages).
 *
 * `lz4_flex` has only LZ4's fast mode: Tremor's `level` (liblz4's, where 3 and up select the
 * slower high-compression mode) is validated as Tremor does but cannot change the output.
 * Frames are standard either way; any LZ4 reader decodes them.
 */
import { lib } from './load.js';

interface Lz4 {
  compressFrameSync(data: Buffer): Buffer;
  decompressFrameSync(data: Buffer): Buffer;
}

const view = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

export const lz4Compress = (chunk: Uint8Array): Buffer => lib<Lz4>('lz4-napi').compressFrameSync(view(chunk));

export const lz4Decompress = (chunk: Uint8Array): Buffer => lib<Lz4>('lz4-napi').decompressFrameSync(view(chunk));
