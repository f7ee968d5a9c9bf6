/**
 * An event as it flows through pipelines and connectors: the payload (`event`), metadata
 * (`$`), the ingest time, where it came from, its id (for `debug::history`) and, from a
 * transactional source, how it is answered (tx.ts).
 */
import type { Origin } from './origin.js';
import type { Tx } from './tx.js';
import { clone, type Rec, type Value } from './value.js';
import { decodeKeys, type KeyReads } from './decode-keys.js';

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
  /** the bytes the payload was decoded from, while they still encode it (see Raw) */
  raw: Raw | null;
}

/**
 * The bytes a source decoded an event's payload from, so that a sink writing it unchanged
 * with the same codec hands the bytes on instead of encoding it again (issue #15: an event
 * that leaves a pipeline unchanged is not re-serialized). Valid only while the payload is
 * still `of`, the very value decoded: a select or script that computes a new payload gives
 * it another identity, and a pipeline whose code can change a payload in place (a path
 * assignment, `let event.x = …`) drops `raw` as events enter it (src/pipeline/graph.ts).
 * A codec attaches it only when encoding `of` would give exactly these bytes.
 */
export interface Raw {
  /** the value decoded from the bytes (undefined: not decoded yet, LazyEvent) */
  of: Value | undefined;
  bytes: Uint8Array;
  /** the codec and its configuration, as a key (framing.ts codecKey) */
  codec: string;
}

/**
 * An event whose payload is decoded the first time something reads it: a source keeps the
 * text of a payload its codec has checked (valid, canonical: the codec's `lazyText`), and a
 * pipeline that only passes events on, into a sink with the same codec, never decodes it at
 * all (issue #15: values are decoded only as far as the pipeline reads them). Reading `data`
 * decodes it (and it is then an ordinary event); writing it replaces it.
 */
export class LazyEvent implements Event {
  meta: Rec;
  ingestNs: number | bigint;
  origin: Origin | null;
  id: number;
  batch = false;
  tx: Tx | null = null;
  raw: Raw | null;
  private value: Value | undefined = undefined;
  /** the partial payload last given out, and for which keys */
  private part: Rec | undefined = undefined;
  private partKeys: KeyReads | null = null;

  constructor(
    private readonly text: string,
    private readonly parse: (text: string) => Value,
    raw: Raw,
    ingestNs: number | bigint,
    id: number,
    meta: Rec,
    origin: Origin | null,
    /** the text's top-level key and value offsets, from its check (json-canonical.ts) */
    private readonly spans: readonly number[] | null = null,
  ) {
    this.raw = raw;
    this.ingestNs = ingestNs;
    this.id = id;
    this.meta = meta;
    this.origin = origin;
  }

  /**
   * The payload for code that reads only `keys` of it (src/lang/payload-reads.ts): while
   * undecoded, a record with just those keys, else the payload itself. The code may hand the
   * result on (`select event`): `handsOn` then tells the node to pass this event on as it is.
   */
  partial(keys: KeyReads): Value {
    if (this.value !== undefined) return this.value;
    if (this.part === undefined || this.partKeys !== keys) {
      // the offsets describe a record's keys; any other text decodes whole (decodeKeys: null)
      const p = this.spans !== null && this.text.charCodeAt(0) === 123 ? keys.at(this.text, this.spans) : decodeKeys(this.text, keys.keys);
      if (p === null) return this.data;
      this.part = p;
      this.partKeys = keys;
    }
    return this.part;
  }

  /** `v` is the partial payload this event gave out: the node hands on the event itself */
  handsOn(v: Value | undefined): boolean {
    return v !== undefined && v === this.part && this.value === undefined;
  }

  get data(): Value {
    let v = this.value;
    if (v === undefined) {
      v = this.value = this.parse(this.text);
      if (this.raw !== null) this.raw.of = v;
    }
    return v;
  }

  set data(v: Value) {
    this.value = v;
  }

  /** the text, if it still encodes the payload (unread, or read and unchanged) for `codec` */
  textIfUnchanged(codec: string): string | null {
    const r = this.raw;
    if (r === null || r.codec !== codec) return null;
    return this.value === undefined || r.of === this.value ? this.text : null;
  }

  /** whether the payload was never read nor replaced: its text is still all there is */
  get unread(): boolean {
    return this.value === undefined;
  }
}

export function newEvent(data: Value, ingestNs: number | bigint, id = 0, meta: Rec = {}, origin: Origin | null = null): Event {
  return { data, meta, ingestNs, origin, id, batch: false, tx: null, raw: null };
}

/** the bytes that encode the event's payload with `codec`, if it still is what they were decoded to */
export function rawBytes(e: Event, codec: string): Uint8Array | null {
  // `raw` may be missing on an event a library user built by hand
  const r = e.raw;
  if (r == null || r.codec !== codec || e.batch) return null;
  // a payload nobody read: its bytes are all there is (reading it would decode it)
  if (e instanceof LazyEvent && e.unread) return r.bytes;
  return r.of === e.data ? r.bytes : null;
}

/** the ingest time as a bigint (windows, batches and rate limits compute in nanoseconds) */
export function ingestBig(e: Event): bigint {
  return typeof e.ingestNs === 'bigint' ? e.ingestNs : BigInt(e.ingestNs);
}

/** an independent copy for a second branch of a fan-out */
export function cloneEvent(e: Event): Event {
  return { data: clone(e.data), meta: clone(e.meta) as Rec, ingestNs: e.ingestNs, origin: e.origin, id: e.id, batch: e.batch, tx: e.tx, raw: null };
}

/** the same event with a new payload (its raw bytes stay valid only if the payload is the same) */
export function withData(e: Event, data: Value): Event {
  return { data, meta: e.meta, ingestNs: e.ingestNs, origin: e.origin, id: e.id, batch: e.batch, tx: e.tx, raw: e.raw };
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
