/**
 * Packages that take tens of milliseconds to load (undici, grpc, lmdb, ws, yaml, msgpackr, …)
 * are loaded when a connector or codec that needs them is first used, not when the command line
 * starts: `tremor-stream query` and a flow of metronome and exit start in half the time, and
 * every test that starts the command line gains as much.
 */
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

/** `() => require(id)`, typed; Node's module cache makes every call after the first a lookup */
export function lazyModule<T>(id: string): () => T {
  return () => load(id) as T;
}
