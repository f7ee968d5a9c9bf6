/**
 * An event as it flows through pipelines and connectors: the payload (`event`), metadata
 * (`$`), the ingest time, where it came from, its id (for `debug::history`) and, from a
 * transactional source, how it is answered (tx.ts).
 */
import type { Origin } from './origin.js';
import type { Tx } from './tx.js';
import { clone, type Rec, type Value } from './value.js';

export interface Event {
  data: Value;
  meta: Rec;
  /** nanoseconds since the epoch */
  ingestNs: number | bigint;
  origin: Origin | null;
  /** the event's number from its source (Tremor prints ids as `0:0:n:n`, see eventId) */
  id: number;
  /** a `generic::batch` event: `data` is an array of `{"data": {"value", "meta", …}}` entries */
  batch: boolean;
  /** who is told when the event is delivered or fails (tx.ts); null: nobody (not transactional) */
  tx: Tx | null;
}

export function newEvent(data: Value, ingestNs: number | bigint, id = 0, meta: Rec = {}, origin: Origin | null = null): Event {
  return { data, meta, ingestNs, origin, id, batch: false, tx: null };
}

/** the ingest time as a bigint (windows, batches and rate limits compute in nanoseconds) */
export function ingestBig(e: Event): bigint {
  return typeof e.ingestNs === 'bigint' ? e.ingestNs : BigInt(e.ingestNs);
}

/** an independent copy for a second branch of a fan-out */
export function cloneEvent(e: Event): Event {
  return { data: clone(e.data), meta: clone(e.meta) as Rec, ingestNs: e.ingestNs, origin: e.origin, id: e.id, batch: e.batch, tx: e.tx };
}

/** the same event with a new payload */
export function withData(e: Event, data: Value): Event {
  return { data, meta: e.meta, ingestNs: e.ingestNs, origin: e.origin, id: e.id, batch: e.batch, tx: e.tx };
}

/**
 * The payloads a sink writes for an event: one per entry of a `generic::batch` event (its
 * `data.value`), else the event's own payload.
 */
export function eventValues(e: Event): Value[] {
  const d = e.data;
  if (!e.batch || !Array.isArray(d)) return [d];
  const out: Value[] = [];
  for (const entry of d) {
    const inner = entry !== null && typeof entry === 'object' && !Array.isArray(entry) && !(entry instanceof Uint8Array) ? (entry as Rec).data : undefined;
    const v = inner !== null && typeof inner === 'object' && !Array.isArray(inner) && !(inner instanceof Uint8Array) ? (inner as Rec).value : undefined;
    out.push(v === undefined ? entry : v);
  }
  return out;
}

/** Tremor's `stream:source:event:pull` rendering of an event id, e.g. "0:0:3:3" */
export function eventId(e: Event): string {
  return `0:0:${e.id}:${e.id}`;
}
