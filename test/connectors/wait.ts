/** Waiting helpers for connector tests against real sockets. */
import type { Test } from 'tap';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PortEvent } from '../../src/connectors/connector.js';

/** events from a source as they come */
export function collect(source: NodeJS.ReadableStream): PortEvent[] {
  const got: PortEvent[] = [];
  source.on('data', (pe: PortEvent) => got.push(pe));
  return got;
}

/** polls `cond` every 5 ms; fails the test after `ms` */
export async function until(t: Test, what: string, cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) {
      t.fail(`timed out waiting for ${what}`);
      return;
    }
    await sleep(5);
  }
}
