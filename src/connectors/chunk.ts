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
 * other. A highWaterMark counts chunks, so batches are cut at BATCH_MAX events and a source of
 * batches sizes its buffer at highWaterMark ÷ BATCH_MAX chunks: buffers stay bounded in
 * events too.
 */
import type { Writable } from 'node:stream';
import type { PortEvent } from './connector.js';

export type Chunk = PortEvent | PortEvent[];

/** the most events a source puts in one batch */
export const BATCH_MAX = 64;

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
