/**
 * What a running script or select can see besides its locals: the event, its metadata, the
 * node's state, and the event's ingest time and origin (for std functions such as
 * `system::ingest_ns()` or `origin::host()`). One context object is reused per node, so
 * evaluating an event allocates nothing here.
 */
import type { Rec, Value } from './value.js';
import type { Event } from './event.js';
import type { Origin } from './origin.js';
import { budgetMs } from './budget.js';

export type { Origin };

export interface EvalCtx {
  event: Value;
  meta: Rec;
  state: Value;
  /** output port chosen by `emit … => "port"`; null after `drop` */
  port: string | null;
  /** ingest time in nanoseconds since the epoch */
  ingestNs: number | bigint;
  origin: Origin | null;
  group: Value;
  window: Value;
  /** live groups of the select being evaluated (win::cardinality) */
  cardinality: number;
  /** the instance name reported by system::instance() */
  instance: string;
  /** in a windowed select: the accumulators of the window being emitted */
  aggr: { emit(): Value }[] | null;
  /** the per-event time budget (src/runtime/budget.ts) in milliseconds, Infinity when off */
  budgetMs: number;
  /** when the current evaluation's budget runs out (performance.now() time), 0 before its clock starts */
  deadline: number;
}

export function newContext(instance = 'tremor'): EvalCtx {
  return {
    event: null,
    meta: {},
    state: null,
    port: 'out',
    ingestNs: 0,
    origin: null,
    group: null,
    window: null,
    cardinality: 0,
    instance,
    aggr: null,
    budgetMs: budgetMs(),
    deadline: 0,
  };
}

/** points the context at an event: its payload, metadata, ingest time and origin */
export function setEvent(c: EvalCtx, ev: Event): void {
  c.event = ev.data;
  c.meta = ev.meta;
  c.ingestNs = ev.ingestNs;
  c.origin = ev.origin;
}
