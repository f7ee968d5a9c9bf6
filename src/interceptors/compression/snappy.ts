/**
 * Snappy in its framing format (github.com/google/snappy, framing_format.txt), which is what
 * Tremor reads and writes (Rust's `snap::write::FrameEncoder` / `read::FrameDecoder`); raw
 * snappy has no magic bytes and no checksum. The block compression is `snappyjs` (pure
 * JavaScript); the framing is written here because no maintained package frames synchronously:
 *
 *   ff 06 00 00 "sNaPpY"                      stream identifier
 *   type(1) length(3, LE) crc(4, LE) data     one chunk per ≤ 64 KiB of input
 *
 * type 0x00 holds compressed data, 0x01 the data as is (used when compressing saves less than
 * an eighth, as `snap` does); the CRC is CRC-32C of the uncompressed bytes, masked. A reader
 * skips padding (0xfe) and other skippable chunks (0x80–0xfd) and refuses reserved ones.
 */
import { lib } from './load.js';

interface SnappyJs {
  compress(data: Uint8Array): Uint8Array;
  uncompress(data: Uint8Array): Uint8Array;
}

const STREAM_ID = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);
const MAX_BLOCK = 65536;

/** CRC-32C (Castagnoli, reflected polynomial 0x82f63b78) */
const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
  return c;
});

function maskedCrc(data: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  crc = ~crc >>> 0;
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

function chunk(type: number, crc: number, data: Uint8Array): Buffer {
  const head = Buffer.allocUnsafe(8);
  head[0] = type;
  head.writeUIntLE(data.length + 4, 1, 3);
  head.writeUInt32LE(crc, 4);
  return Buffer.concat([head, data]);
}

export function snappyCompress(input: Uint8Array): Buffer {
  const snappy = lib<SnappyJs>('snappyjs');
  const parts: Uint8Array[] = [STREAM_ID];
  for (let at = 0; at < input.length; at += MAX_BLOCK) {
    const block = input.subarray(at, at + MAX_BLOCK);
    const packed = snappy.compress(block);
    const crc = maskedCrc(block);
    parts.push(packed.length < block.length - (block.length >> 3) ? chunk(0x00, crc, packed) : chunk(0x01, crc, block));
  }
  return Buffer.concat(parts);
}

export function snappyDecompress(input: Uint8Array): Buffer {
  const snappy = lib<SnappyJs>('snappyjs');
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < buf.length) {
    if (at + 4 > buf.length) throw new Error('snappy: the input ends inside a chunk header');
    const type = buf[at];
    const length = buf.readUIntLE(at + 1, 3);
    const body = buf.subarray(at + 4, at + 4 + length);
    if (body.length < length) throw new Error('snappy: the input ends inside a chunk');
    if (at === 0 && type !== 0xff) throw new Error('snappy: the input does not start with the stream identifier');
    at += 4 + length;
    if (type === 0xff) {
      if (!body.equals(STREAM_ID.subarray(4))) throw new Error('snappy: bad stream identifier');
    } else if (type === 0x00 || type === 0x01) {
      if (length < 4) throw new Error('snappy: a data chunk shorter than its checksum');
      const data = type === 0x00 ? snappy.uncompress(body.subarray(4)) : body.subarray(4);
      if (maskedCrc(data) !== body.readUInt32LE(0)) throw new Error('snappy: checksum mismatch');
      out.push(data);
    } else if (type < 0x80) {
      throw new Error(`snappy: reserved unskippable chunk type 0x${type.toString(16)}`);
    }
  }
  return Buffer.concat(out);
}
