/**
 * The per-event time budget. Tremor bounds `recur` to 1024 steps (and has no other recursion),
 * yet a script can still spin: nested `for` loops over big arrays, or a `recur` whose every
 * step loops.
 * Such an event would hold the whole stream (evaluation is synchronous), so every event gets a
 * budget of evaluation time; past it, the event fails with a runtime error at the loop, `recur`
 * or function call that was running, goes to the `err` port like any other failure, and the
 * stream carries on with the next event.
 *
 * Cheap by construction: generated code decrements a local counter `b` (one per compiled
 * script, select clause or function, so nested loops share it) once per `for` iteration and
 * `recur` step, and only when it drops below zero calls `spend`, which reads the
 * clock (every BUDGET_TICKS steps). The first such call of an event starts its clock, so the
 * budget counts from the event's first thousand steps (an event that never gets there never
 * reads the clock). The clock is the monotonic wall clock: evaluation is synchronous, so it
 * is the time the event held the stream.
 *
 * The budget is `TREMOR_EVENT_BUDGET_MS` milliseconds (default 1000; 0 turns it off), read
 * when a node's context is created.
 */
import { fault } from './fault.js';

/** loop steps between two looks at the clock */
export const BUDGET_TICKS = 1024;

export const DEFAULT_BUDGET_MS = 1000;

/** the budget in milliseconds from the environment; Infinity when turned off */
export function budgetMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TREMOR_EVENT_BUDGET_MS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_BUDGET_MS;
  const ms = Number(raw);
  if (!Number.isFinite(ms) || ms < 0) return DEFAULT_BUDGET_MS;
  return ms === 0 ? Infinity : ms;
}

/**
 * Called by generated code when its step counter runs out; returns the counter's new value.
 * Starts the evaluation's clock on its first
 * call (each compiled script or select clause sets `c.deadline = 0` on entry when it has a
 * loop), and fails the event once its budget is spent.
 */
export function spend(c: { deadline: number; budgetMs: number }, site: number): number {
  const now = performance.now();
  if (c.deadline === 0) c.deadline = now + c.budgetMs;
  else if (now > c.deadline) fault('R019', `Event time budget exceeded: the event ran for more than ${c.budgetMs} ms (TREMOR_EVENT_BUDGET_MS)`, site);
  return BUDGET_TICKS;
}
