/**
 * Keyed partitions of a jetstream sink (`partitions = N`, issue #16): an event carrying a key
 * (`$jetstream.key`, a string or an integer) is published to `<subject>.<p>`, `p` the key's
 * partition in 0 … N-1, so that every event of a key lands in one partition and a consumer
 * filtering on `<subject>.<p>` sees all of them, in order. The partition is FNV-1a (32 bits)
 * of the key's UTF-8 bytes modulo N: stable across processes, runs and machines.
 */
import { isRecord, type Rec } from '../../runtime/value.js';

const encoder = new TextEncoder();

/** the partition of `key` among `count` */
export function partitionOf(key: string, count: number): number {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(key)) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % count;
}

/** the event's key (`$jetstream.key`), or null */
export function keyOf(meta: Rec): string | null {
  const j = isRecord(meta.jetstream) ? meta.jetstream : null;
  const k = j?.key;
  return typeof k === 'string' ? k : typeof k === 'number' || typeof k === 'bigint' ? String(k) : null;
}
