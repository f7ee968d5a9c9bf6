/**
 * The codec registry: codecs by name (reference §4.2). Connectors build one codec instance per
 * stream with `createCodec`, from the `codec = …` of their definition.
 */
import type { Named } from '../deploy/plan.js';
import type { Codec, CodecType } from './codec.js';
import { binary } from './binary.js';
import { json, jsonSorted } from './json.js';
import { string } from './string.js';

export type { Codec, CodecType } from './codec.js';

const CODECS: ReadonlyMap<string, CodecType> = new Map([json, jsonSorted, string, binary].map((c) => [c.name, c]));

export function codecType(name: string): CodecType | undefined {
  return CODECS.get(name);
}

export function codecNames(): string[] {
  return [...CODECS.keys()];
}

/** a codec instance; an unknown name or a bad config throws an Error that says which */
export function createCodec(named: Named): Codec {
  const type = CODECS.get(named.name);
  if (!type) throw new Error(`Unknown codec \`${named.name}\`; known codecs are ${codecNames().join(', ')}`);
  return type.create(named.config);
}
