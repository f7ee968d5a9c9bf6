/**
 * `gelf-chunking` (Tremor 0.12 and 0.13): the GELF UDP chunking protocol. The preprocessor
 * reassembles chunked messages (gelf/reassembler.ts), the postprocessor cuts payloads into
 * chunks (gelf/splitter.ts); the header itself is gelf/segment.ts.
 *
 * Compressed GELF is undone around it, as Tremor documents: a `decompress` before it for
 * datagrams compressed whole, and one after it for messages compressed before chunking.
 *
 * ```tremor
 * define connector gelf_in from udp_server
 * with
 *   codec = "json",
 *   preprocessors = ["decompress", "gelf-chunking", "decompress"],
 *   config = {"url": "0.0.0.0:12201"}
 * end;
 * define connector gelf_out from udp_client
 * with
 *   codec = "json",
 *   postprocessors = ["gelf-chunking"],
 *   config = {"url": "graylog:12201"}
 * end;
 * ```
 *
 * Config: the preprocessor takes none (Tremor's neither). The postprocessor takes
 * `chunk_size` (bytes per chunk, header included; default 8192, Tremor's, which it does not
 * let one change): an extra of ours, because a WAN path wants smaller datagrams (Graylog's
 * clients use 1420 there). Unknown keys are errors (Tremor ignores a config here).
 */
import { systemClock } from '../base/clock.js';
import { int, schema } from '../runtime/schema.js';
import { GelfReassembler } from './gelf/reassembler.js';
import { HEADER_BYTES } from './gelf/segment.js';
import { DEFAULT_CHUNK_SIZE, GelfSplitter } from './gelf/splitter.js';
import { postprocessor, preprocessor } from './interceptor.js';

/** the largest UDP payload over IPv4; a bigger chunk could never be sent */
const MAX_DATAGRAM = 65507;

export const gelfChunkingPre = preprocessor('gelf-chunking', schema({}), () => new GelfReassembler(systemClock));

export const gelfChunkingPost = postprocessor(
  'gelf-chunking',
  schema({
    chunk_size: int({
      min: HEADER_BYTES + 1,
      max: MAX_DATAGRAM,
      default: DEFAULT_CHUNK_SIZE,
      tremor: '8192 (fixed)',
      doc: 'bytes per chunk, its 12-byte header included (ours; Tremor always uses 8192)',
    }),
  }),
  (c) => new GelfSplitter(c.chunk_size),
);
