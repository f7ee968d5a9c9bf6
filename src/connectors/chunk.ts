/**
 * What flows from node to node of a deployment: one event on a port (`PortEvent`), or a batch
 * of them, in order. A batch means exactly what its events written one after another mean,
 * at a fraction of the cost: Node's stream machinery (a buffer entry, a 'data' emission, a
 * write callback, at every hop) is paid once per chunk, whatever its length. Issue #15
 * measured it: 130–370 ns per event for the four hops of a source → pipeline → sink flow
 * when events travel one by one, 18–33 ns in batches of 64 (same runs, no other work).
 *
 * Who makes batches: a source that has several events at hand (the bench connector), and a
 * pipeline given a batch (what it emits for it goes on as one). Who takes them: routers
 * (flow/router.ts) always; a router hands a batch on whole only to a target that says
 * `takesBatches` (pipelines, the bench sink), and writes the events one by one into any
 * other.
 *
 * A highWaterMark counts chunks, not events. A source of batches sizes its own buffer at
 * highWaterMark ÷ BATCH_MAX chunks, but the routers and pipelines after it buffer up to
 * highWaterMark chunks each while a slow sink holds the flow back: up to BATCH_MAX times as
 * many events. Hence a small BATCH_MAX. Measured on Tremor's tcp bench (a sink slower than
 * its source): 16,000 events held in the flow's buffers with batches of 64 against 3,400 with
 * 16, and the garbage collector's work with them (119,800 events/s at 16 against 63,000 at
 * 64); the per-chunk cost is already spread thin at 16 (passthrough-json 1.87× the
 * hand-written loop, 1.84× at 64).
 */
import type { Writable } from 'node:stream';
import type { PortEvent } from './connector.js';

export type Chunk = PortEvent | PortEvent[];

/** the most events a source puts in one batch */
export const BATCH_MAX = 16;

/** a Writable that takes batches as well as single events */
export interface TakesBatches {
  readonly takesBatches: true;
}

export function takesBatches(w: Writable): boolean {
  return (w as Partial<TakesBatches>).takesBatches === true;
}

/** calls `fn` with each event of the chunk, in order */
export function forEachEvent(chunk: Chunk, fn: (pe: PortEvent) => void): void {
  if (!Array.isArray(chunk)) return fn(chunk);
  for (let i = 0; i < chunk.length; i++) fn(chunk[i]);
}
