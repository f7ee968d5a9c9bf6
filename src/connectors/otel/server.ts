/**
 * otel_server's running part: an OTLP/gRPC collector (@grpc/grpc-js) serving the logs,
 * metrics and trace `Export` methods. Each request becomes one event on `out` —
 * `{"logs": […]}`, `{"metrics": […]}` or `{"trace": […]}` (logs.ts, metrics.ts, trace.ts) —
 * whose origin is the peer (`tremor-otel://<ip>:<port>`); the call is answered once the
 * event is in the flow, so a full flow slows the senders down (backpressure through gRPC).
 * A kind that is turned off is answered and dropped with a warning, as in Tremor. A request
 * that cannot be mapped is answered INVALID_ARGUMENT with the reason.
 *
 * Loaded on demand by otel.ts, so that deployments without otel never load gRPC.
 */
import * as grpc from '@grpc/grpc-js';
import { messageOf } from '../../base/message-of.js';
import { newEvent } from '../../runtime/event.js';
import type { Origin } from '../../runtime/origin.js';
import type { Rec } from '../../runtime/value.js';
import type { ConnectorContext } from '../connector.js';
import type { ReplySource } from '../http-common.js';
import type { Pb } from './common.js';
import { logsRequestToValue } from './logs.js';
import { metricsRequestToValue } from './metrics.js';
import type { OtelConfig } from './config.js';
import { loadServices, type Kind } from './proto.js';
import { traceRequestToValue } from './trace.js';

const TO_VALUE: Record<Kind, (req: Pb) => Rec> = { logs: logsRequestToValue, metrics: metricsRequestToValue, trace: traceRequestToValue };

/** `ipv4:127.0.0.1:5000` / `ipv6:[::1]:5000` → an origin */
function peerOrigin(peer: string): Origin {
  const m = /^(?:ipv[46]:)?\[?([^\]]*?)\]?:(\d+)$/.exec(peer);
  return { scheme: 'tremor-otel', host: m ? m[1] : peer, port: m ? Number(m[2]) : null, path: [] };
}

export class OtelServer {
  private readonly server = new grpc.Server();
  private nextId = 0;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: OtelConfig,
    private readonly source: ReplySource,
  ) {
    const services = loadServices();
    for (const kind of Object.keys(services) as Kind[]) {
      const s = services[kind];
      const definition: grpc.ServiceDefinition = {
        Export: {
          path: s.path,
          requestStream: false,
          responseStream: false,
          requestSerialize: s.encodeRequest,
          requestDeserialize: s.decodeRequest,
          responseSerialize: s.encodeResponse,
          responseDeserialize: s.decodeResponse,
        },
      };
      this.server.addService(definition, { Export: (call: grpc.ServerUnaryCall<Pb, Pb>, cb: grpc.sendUnaryData<Pb>) => this.exported(kind, call, cb) });
    }
  }

  /** listens on the configured host and port; rejects when it cannot */
  listen(): Promise<void> {
    const { host, port } = this.config;
    return new Promise((resolve, reject) => {
      this.server.bindAsync(`${host.includes(':') ? `[${host}]` : host}:${port}`, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve()));
    });
  }

  /** stops accepting calls; the ones under way finish first */
  close(): Promise<void> {
    return new Promise((resolve) => this.server.tryShutdown(() => resolve()));
  }

  kill(): void {
    this.server.forceShutdown();
  }

  private exported(kind: Kind, call: grpc.ServerUnaryCall<Pb, Pb>, cb: grpc.sendUnaryData<Pb>): void {
    if (!this.config[kind]) {
      this.ctx.report(`${this.ctx.id} Source received event when support is disabled. Dropping.`);
      cb(null, {});
      return;
    }
    let data: Rec;
    try {
      data = TO_VALUE[kind](call.request);
    } catch (e) {
      cb({ code: grpc.status.INVALID_ARGUMENT, details: messageOf(e) });
      return;
    }
    const event = newEvent(data, this.ctx.clock.wallNs(), this.nextId++, {}, peerOrigin(call.getPeer()));
    this.source.send({ port: 'out', event }).then(() => cb(null, {}));
  }
}
