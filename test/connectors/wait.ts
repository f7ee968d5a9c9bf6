/** Waiting helpers for connector tests against real sockets; `until` is the shared one. */
import type { PortEvent } from '../../src/connectors/connector.js';

export { until } from '../until.js';

/** events from a source as they come */
export function collect(source: NodeJS.ReadableStream): PortEvent[] {
  const got: PortEvent[] = [];
  source.on('data', (pe: PortEvent) => got.push(pe));
  return got;
}
