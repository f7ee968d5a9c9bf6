/**
 * The codec registry: codecs by name (reference §4.2). Connectors build one codec instance per
 * stream with `createCodec`, from the `codec = …` of their definition.
 */
import type { Codec, CodecType, Named } from './codec.js';
import { binary } from './binary.js';
import { binflux } from './binflux.js';
import { csv } from './csv.js';
import { dogstatsd } from './dogstatsd.js';
import { influx } from './influx.js';
import { json, jsonSorted } from './json.js';
import { msgpack } from './msgpack.js';
import { nullCodec } from './null.js';
import { statsd } from './statsd.js';
import { string } from './string.js';
import { syslog } from './syslog.js';
import { tremor } from './tremor.js';
import { yaml } from './yaml.js';

export type { Codec, CodecType } from './codec.js';

const CODECS: ReadonlyMap<string, CodecType> = new Map([json, jsonSorted, string, binary, nullCodec, msgpack, yaml, csv, influx, binflux, statsd, dogstatsd, syslog, tremor].map((c) => [c.name, c]));

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
