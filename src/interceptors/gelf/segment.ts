/**
 * The GELF chunk header (https://go2docs.graylog.org/current/getting_in_log_data/gelf.html,
 * "Chunking"), as Tremor reads and writes it:
 *
 *   0x1e 0x0f │ message id (8 bytes, big-endian) │ sequence number │ sequence count │ payload
 *
 * `decodeSegment` is Tremor's `decode_gelf`: besides a chunk it accepts two unchunked forms,
 * each a whole message on its own — a JSON object (first byte `{`, at least 2 bytes) and
 * Wayfair's "WELF" (magic 0x1f 0x3c, stripped). Anything else is an invalid header, gzip
 * (0x1f 0x8b) and zlib (0x78 …) included: Tremor does not decompress here, it expects a
 * `decompress` preprocessor before `gelf-chunking` (for a compressed datagram) and another
 * after it (for a compressed reassembled message). A chunk shorter than its 12-byte header is
 * an invalid header too.
 */
import { toBuffer } from '../../codecs/bytes.js';

/** the chunk header's length: magic, id, sequence number and count */
export const HEADER_BYTES = 12;

/** the most chunks one message may have (GELF's limit, enforced by Tremor's encoder) */
export const MAX_CHUNKS = 128;

const MAGIC = [0x1e, 0x0f] as const;
const WELF = [0x1f, 0x3c] as const;

/** one datagram, read: a chunk of message `id`, or a whole message (`count` 1) */
export interface Segment {
  readonly id: bigint;
  readonly seq: number;
  readonly count: number;
  readonly data: Uint8Array;
}

const whole = (data: Uint8Array): Segment => ({ id: 0n, seq: 0, count: 1, data });

/** Tremor's `Invalid Gelf Header` text, with Rust's rendering of its `Option<[u8; 2]>` */
function invalidHeader(b: Uint8Array): Error {
  const head = b.length === 0 ? 'None' : `Some([${b[0]}, ${b.length > 1 ? b[1] : 0}])`;
  return new Error(`gelf-chunking: Invalid Gelf Header: ${b.length} bytes, ${head}`);
}

export function decodeSegment(chunk: Uint8Array): Segment {
  if (chunk.length >= 2 && chunk[0] === WELF[0] && chunk[1] === WELF[1]) return whole(chunk.subarray(2));
  if (chunk.length >= HEADER_BYTES && chunk[0] === MAGIC[0] && chunk[1] === MAGIC[1]) {
    const buf = toBuffer(chunk);
    return { id: buf.readBigUInt64BE(2), seq: buf[10], count: buf[11], data: buf.subarray(HEADER_BYTES) };
  }
  if (chunk.length >= 2 && chunk[0] === 0x7b /* { */) return whole(chunk);
  throw invalidHeader(chunk);
}

/** chunk `seq` of `count` of message `id`, header and payload in one buffer */
export function encodeChunk(id: bigint, seq: number, count: number, payload: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  out[0] = MAGIC[0];
  out[1] = MAGIC[1];
  out.writeBigUInt64BE(id, 2);
  out[10] = seq;
  out[11] = count;
  out.set(payload, HEADER_BYTES);
  return out;
}
