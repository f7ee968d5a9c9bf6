/**
 * `length-prefixed` (reference §4.3, §4.4): binary stream framing. The postprocessor prepends
 * each chunk's byte length as a u64 big-endian; the preprocessor reads such frames from a byte
 * stream, however the transport splits or joins them, and emits each payload.
 *
 * Differences from Tremor, so that nothing is lost without a word: Tremor reads a header only
 * once *more* than 8 bytes are buffered, which holds back a zero-length frame at the end of the
 * input; here 8 bytes suffice. A stream that ends inside a frame is reported as an error by
 * `finish` (Tremor drops the bytes). A length beyond what a Buffer can hold means the stream
 * is not length-prefixed (or lost sync): it is an error (the frames before it are still
 * emitted), and what was buffered is dropped.
 *
 * Config: none. `preprocessors = ["length-prefixed"]`, `postprocessors = ["length-prefixed"]`
 */
import { constants } from 'node:buffer';
import { schema } from '../runtime/schema.js';
import { u64Prefixed } from '../codecs/bytes.js';
import { FrameReader, type FrameHeader } from './frame-reader.js';
import { chunkTransform, postprocessor, preprocessor } from './interceptor.js';

const U64_HEADER: FrameHeader = {
  name: 'length-prefixed',
  read(queue) {
    if (queue.length < 8) return undefined;
    const length = queue.take(8).readBigUInt64BE(0);
    if (length > BigInt(constants.MAX_LENGTH)) throw new Error(`a frame of ${length} bytes is beyond the maximum of ${constants.MAX_LENGTH}; the input is not length-prefixed or lost sync`);
    return Number(length);
  },
  unfinished: (held) => `a frame header, after ${held} of its 8 bytes`,
};

export const lengthPrefixedPre = preprocessor('length-prefixed', schema({}), () => new FrameReader(U64_HEADER));

export const lengthPrefixedPost = postprocessor('length-prefixed', schema({}), () => chunkTransform((chunk) => u64Prefixed(BigInt(chunk.length), chunk)));
