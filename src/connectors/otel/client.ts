/**
 * otel_client's running part: an OTLP/gRPC exporter (@grpc/grpc-js). Each event is one
 * `Export` call, chosen by its payload's key in Tremor's order — `metrics`, then `logs`, then
 * `trace` — when that kind is turned on; any other event is dropped and reported
 * (`Invalid or disabled otel payload`). The sink waits for each call's answer before the next
 * event (backpressure); a failed call or a payload that does not map is reported, and the
 * sink goes on with the next event.
 *
 * gRPC channels reconnect by themselves; a call waits up to `READY_MS` for the server to be
 * reachable (a server deployed in the same run may still be starting).
 *
 * Loaded on demand by otel.ts, so that deployments without otel never load gRPC.
 */
import * as grpc from '@grpc/grpc-js';
import { messageOf } from '../../base/message-of.js';
import { isRecord, type Rec, type Value } from '../../runtime/value.js';
import { Undeliverable } from '../base/sink.js';
import type { Pb } from './common.js';
import { valueToLogsRequest } from './logs.js';
import { valueToMetricsRequest } from './metrics.js';
import type { OtelConfig } from './config.js';
import { loadServices, type Kind, type Service } from './proto.js';
import { valueToTraceRequest } from './trace.js';

const READY_MS = 5000;
const TO_PB: Record<Kind, (v: Rec) => Pb> = { metrics: valueToMetricsRequest, logs: valueToLogsRequest, trace: valueToTraceRequest };
const ORDER: readonly Kind[] = ['metrics', 'logs', 'trace'];

export class OtelExporter {
  private readonly client: grpc.Client;
  private readonly services: Record<Kind, Service>;

  constructor(private readonly config: OtelConfig) {
    const { host, port } = config;
    this.client = new grpc.Client(`${host.includes(':') ? `[${host}]` : host}:${port}`, grpc.credentials.createInsecure());
    this.services = loadServices();
  }

  /** exports one event's payload; rejects (or throws) Undeliverable for this event alone */
  send(data: Value): Promise<void> {
    const kind = isRecord(data) ? ORDER.find((k) => k in data && this.config[k]) : undefined;
    if (!kind) throw new Undeliverable('Invalid or disabled otel payload');
    let request: Pb;
    try {
      request = TO_PB[kind](data as Rec);
    } catch (e) {
      throw new Undeliverable(messageOf(e));
    }
    return this.export(this.services[kind], request);
  }

  close(): void {
    this.client.close();
  }

  private async export(service: Service, request: Pb): Promise<void> {
    await new Promise<void>((resolve, reject) => this.client.waitForReady(Date.now() + READY_MS, (e) => (e ? reject(new Undeliverable(`otel server not reachable: ${e.message}`)) : resolve())));
    await new Promise<void>((resolve, reject) => {
      this.client.makeUnaryRequest(service.path, service.encodeRequest, service.decodeResponse, request, new grpc.Metadata(), {}, (err) =>
        err ? reject(new Undeliverable(`otel export failed: ${err.message}`)) : resolve(),
      );
    });
  }
}
