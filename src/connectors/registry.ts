/**
 * The connector types by name (deployment reference §3).
 */
import type { ConnectorType } from './connector.js';
import { exit } from './exit.js';
import { metronome } from './metronome.js';

export const connectorTypes: ReadonlyMap<string, ConnectorType<any>> = new Map<string, ConnectorType<any>>([
  [metronome.name, metronome],
  [exit.name, exit],
]);
