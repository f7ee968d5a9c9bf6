/**
 * `gzip` (Tremor 0.11's names; 0.12 spells them `decompress` / `compress` with an algorithm):
 * the preprocessor gunzips each chunk, the postprocessor gzips each chunk. Every chunk is one
 * complete gzip member, as in Tremor, so pair the preprocessor with framing that delivers
 * whole members (one datagram, one HTTP body, a length-prefixed frame), not with 8 KiB reads.
 *
 * Postprocessor config: `level` (0–9, default zlib's 6), an extension. The preprocessor takes none.
 */
import { schema } from '../runtime/schema.js';
import { compressChunk, decompressChunk, zlibLevel } from './compression.js';
import { chunkTransform, postprocessor, preprocessor } from './interceptor.js';

export const gunzip = preprocessor('gzip', schema({}), () => chunkTransform((chunk) => decompressChunk('gzip', chunk, 'gzip: cannot decompress')));

export const gzip = postprocessor('gzip', schema({ level: zlibLevel }), (c) => chunkTransform((chunk) => compressChunk('gzip', c.level, chunk)));
