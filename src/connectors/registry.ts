/**
 * The connector types by name (deployment reference §3).
 */
import type { ConnectorType } from './connector.js';
import { exit } from './exit.js';
import { file } from './file.js';
import { httpClient } from './http-client.js';
import { httpServer } from './http-server.js';
import { metronome } from './metronome.js';
import { discard, nullConnector } from './null.js';
import { stdio } from './stdio.js';

export const connectorTypes: ReadonlyMap<string, ConnectorType<any>> = new Map<string, ConnectorType<any>>(
  [metronome, exit, file, stdio, nullConnector, discard, httpClient, httpServer].map((t) => [t.name, t as ConnectorType<any>]),
);
