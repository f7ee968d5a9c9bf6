/**
 * `zlib` (Tremor 0.11's names; 0.12 spells them `decompress` / `compress` with
 * `{"algorithm": "zlib"}`): the preprocessor inflates each chunk from the zlib format (RFC
 * 1950, deflate with a 2-byte header and Adler-32), the postprocessor deflates each chunk into
 * it. Every chunk is one complete zlib stream, as in Tremor, so pair the preprocessor with
 * framing that delivers whole streams (a datagram, an HTTP body, a length-prefixed frame).
 *
 * Postprocessor config: `level` (0–9, default zlib's 6), an extension. The preprocessor takes none.
 * `preprocessors = ["length-prefixed", "zlib"]`, `postprocessors = [{"name": "zlib", "config": {"level": 9}}, "length-prefixed"]`
 */
import { schema } from '../runtime/schema.js';
import { compressChunk, decompressChunk, zlibLevel } from './compression.js';
import { chunkTransform, postprocessor, preprocessor } from './interceptor.js';

export const inflate = preprocessor('zlib', schema({}), () => chunkTransform((chunk) => decompressChunk('zlib', chunk, 'zlib: cannot decompress')));

export const deflate = postprocessor('zlib', schema({ level: zlibLevel }), (c) => chunkTransform((chunk) => compressChunk('zlib', c.level, chunk)));
