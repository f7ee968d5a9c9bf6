/**
 * Waiting in tests, without flaky time.
 *
 * A test never sleeps and then asserts, and never asserts how long something took: on a busy
 * machine everything takes longer. Logic that depends on time runs on a `ManualClock`
 * (src/base/clock.ts); work that really happens in the background (sockets, files, child
 * processes) is awaited with `until(condition)`. Its deadline is only a guard so that a broken
 * test fails with a message instead of hanging: it is generous (2 min: on a 2-core machine
 * shared with a dozen busy processes a CLI start-up alone has taken 8 s), and well below tap's
 * per-file timeout (package.json, 10 min, itself only a guard).
 */
import type { Test } from 'tap';
import { setImmediate as turn, setTimeout as pause } from 'node:timers/promises';

/** the failure guard of `until`, in ms of real time */
export const DEADLINE_MS = 120_000;

/**
 * Resolves once `cond()` holds, polling every few ms. After `ms` it fails the test and throws,
 * so that a broken test stops at its first missed condition instead of waiting out every
 * following one.
 */
export async function until(t: Test, what: string, cond: () => boolean, ms = DEADLINE_MS): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) {
      t.fail(`timed out waiting for ${what}`);
      throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    }
    await pause(2);
  }
}

/**
 * For a negative check ("nothing moves any more", "not read before start"): lets pending
 * in-process work (ticks, stream callbacks, I/O completions) run for a few event-loop turns and
 * a moment of real time. Use it only after `until` has reached the state being checked: on a
 * loaded machine it can only make the check weaker, never make it fail.
 */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await turn();
  await pause(10);
  for (let i = 0; i < 10; i++) await turn();
}

/**
 * A lower bound on elapsed real time, for "never early" checks: `const since = stopwatch();
 * … t.ok(since() >= 150)`. Upper bounds on real time are not allowed in tests (see above).
 */
export function stopwatch(): () => number {
  const t0 = performance.now();
  return () => performance.now() - t0;
}
