/**
 * The preprocessor and postprocessor registries (reference §4.3, §4.4). The two are separate
 * because a name can mean different things on each side (`separate` splits on the way in and
 * joins on the way out) and some exist on one side only (`remove-empty`).
 */
import type { Named } from '../codecs/codec.js';
import type { Interceptor, InterceptorType } from './interceptor.js';
import { base64Post, base64Pre } from './base64.js';
import { chunk } from './chunk.js';
import { collect } from './collect.js';
import { compress } from './compress.js';
import { decompress } from './decompress.js';
import { gelfChunkingPost, gelfChunkingPre } from './gelf-chunking.js';
import { gunzip, gzip } from './gzip.js';
import { ingestNsPost, ingestNsPre } from './ingest-ns.js';
import { lengthPrefixedPost, lengthPrefixedPre } from './length-prefixed.js';
import { removeEmpty } from './remove-empty.js';
import { separatePost, separatePre } from './separate.js';
import { streamingCompress } from './streaming-compress.js';
import { textualLengthPrefixPost, textualLengthPrefixPre, textualLengthPrefixedPost, textualLengthPrefixedPre } from './textual-length-prefixed.js';
import { deflate, inflate } from './zlib.js';

export type { Interceptor, InterceptorType } from './interceptor.js';
export { PartialFailure } from './interceptor.js';

const PRE: ReadonlyMap<string, InterceptorType> = new Map(
  [separatePre, removeEmpty, gunzip, base64Pre, inflate, decompress, lengthPrefixedPre, textualLengthPrefixedPre, textualLengthPrefixPre, ingestNsPre, gelfChunkingPre].map((p) => [p.name, p]),
);
const POST: ReadonlyMap<string, InterceptorType> = new Map(
  [separatePost, gzip, base64Post, deflate, compress, streamingCompress, lengthPrefixedPost, textualLengthPrefixedPost, textualLengthPrefixPost, ingestNsPost, gelfChunkingPost, chunk, collect].map((p) => [p.name, p]),
);

/** every preprocessor type, in registration order (for the README's tables and tests) */
export function preprocessorTypes(): InterceptorType[] {
  return [...PRE.values()];
}

export function postprocessorTypes(): InterceptorType[] {
  return [...POST.values()];
}

export function preprocessorType(name: string): InterceptorType | undefined {
  return PRE.get(name);
}

export function postprocessorType(name: string): InterceptorType | undefined {
  return POST.get(name);
}

/** fresh preprocessor instances, in order; unknown names and bad configs throw */
export function createPreprocessors(named: readonly Named[]): Interceptor[] {
  return named.map((n) => create('preprocessor', PRE, n));
}

/** fresh postprocessor instances, in order; unknown names and bad configs throw */
export function createPostprocessors(named: readonly Named[]): Interceptor[] {
  return named.map((n) => create('postprocessor', POST, n));
}

function create(kind: string, registry: ReadonlyMap<string, InterceptorType>, n: Named): Interceptor {
  const type = registry.get(n.name);
  if (!type) throw new Error(`Unknown ${kind} \`${n.name}\`; known ${kind}s are ${[...registry.keys()].join(', ')}`);
  return type.create(n.config);
}
