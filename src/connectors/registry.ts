/**
 * The connector types by name (deployment reference §3).
 */
import type { ConnectorType } from './connector.js';
import { bench } from './bench.js';
import { cb } from './cb.js';
import { crononome } from './crononome.js';
import { dns, dnsClient } from './dns.js';
import { exit } from './exit.js';
import { file } from './file.js';
import { httpClient } from './http-client.js';
import { httpServer } from './http-server.js';
import { kv } from './kv.js';
import { metrics } from './metrics.js';
import { metronome } from './metronome.js';
import { jetstreamConnector } from './jetstream.js';
import { natsConnector } from './nats.js';
import { discard, nullConnector } from './null.js';
import { otelClient, otelServer } from './otel/otel.js';
import { stdio } from './stdio.js';
import { tcpClient, tcpServer } from './tcp.js';
import { udpClient, udpServer } from './udp.js';
import { unixSocketClient, unixSocketServer } from './unix.js';
import { wal } from './wal.js';
import { wsClient, wsServer } from './ws.js';

export const connectorTypes: ReadonlyMap<string, ConnectorType<any>> = new Map<string, ConnectorType<any>>(
  [
    metronome,
    crononome,
    exit,
    file,
    stdio,
    nullConnector,
    discard,
    bench,
    cb,
    kv,
    httpClient,
    httpServer,
    tcpClient,
    tcpServer,
    udpClient,
    udpServer,
    unixSocketClient,
    unixSocketServer,
    wsClient,
    wsServer,
    metrics,
    dnsClient,
    dns,
    otelServer,
    otelClient,
    wal,
    natsConnector,
    jetstreamConnector,
  ].map((t) => [t.name, t as ConnectorType<any>]),
);
