/**
 * The bridge between Tremor values and the JS values that msgpackr and yaml read and write.
 * Both libraries are asked for maps as `Map`s (a record key may be `__proto__`, and msgpack
 * keys need not be strings) and hand binaries over as Buffers; what differs between them
 * (numbers, key types, unsupported values) each codec says in a `FromJs`.
 */
import { isRecord, setKey, type Rec, type Value } from '../runtime/value.js';

export interface FromJs {
  number(n: number): Value;
  bigint(n: bigint): Value;
  /** a map key as a record key; throws for keys the format does not allow */
  key(k: unknown): string;
  /** the error for a value outside the value model (an extension type, a tag) */
  unsupported(v: unknown): Error;
}

/** a library's output (maps as Maps) as a Tremor value */
export function fromJs(v: unknown, how: FromJs): Value {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return how.number(v);
    case 'bigint':
      return how.bigint(v);
    case 'object':
      if (v === null) return null;
      if (Array.isArray(v)) return v.map((x) => fromJs(x, how));
      // a copy: the chunk may be a view into a larger read buffer, and a Buffer is not a plain binary
      if (v instanceof Uint8Array) return new Uint8Array(v);
      if (v instanceof Map) {
        const rec: Rec = {};
        for (const [k, x] of v) setKey(rec, how.key(k), fromJs(x, how));
        return rec;
      }
  }
  throw how.unsupported(v);
}

/** a Tremor value as library input: records as Maps, every other leaf through `leaf` */
export function toJs(v: Value, leaf: (v: Value) => unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => toJs(x, leaf));
  if (isRecord(v)) return new Map(Object.keys(v).map((k) => [k, toJs(v[k], leaf)]));
  return leaf(v);
}
