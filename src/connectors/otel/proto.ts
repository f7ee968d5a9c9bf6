/**
 * The OTLP protobuf messages and the three collector services (logs, metrics, trace), read
 * from the .proto files that `@opentelemetry/otlp-grpc-exporter-base` ships (OTLP 0.19),
 * with protobufjs.
 *
 * Tremor 0.12 speaks an earlier OTLP whose field numbers these protos keep: field 2 of
 * ResourceSpans/Logs/Metrics was `instrumentation_library_spans/logs/metrics` (now
 * `scope_*`, same layout: the scope's name and version are fields 1 and 2 of the library),
 * field 1 of Status was `deprecated_code` and field 4 of LogRecord `name`. The loaded types
 * are adjusted back to those names so that the mapping (trace.ts, logs.ts, metrics.ts) reads
 * Tremor's layout, and both old and current senders interoperate on the wire.
 *
 * Decoded messages are plain objects (`toObject`): snake_case fields, 64-bit integers as
 * decimal strings (exact), bytes as Uint8Array, the set member of a oneof named by its
 * virtual field (AnyValue's `value`, Metric's `data`, a point's `value`).
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import protobuf from 'protobufjs';
import type { Pb } from './common.js';

export type Kind = 'logs' | 'metrics' | 'trace';

export interface Service {
  /** the gRPC method path, `/opentelemetry.proto.collector.trace.v1.TraceService/Export` */
  readonly path: string;
  encodeRequest(req: Pb): Buffer;
  decodeRequest(buf: Buffer): Pb;
  encodeResponse(res: Pb): Buffer;
  decodeResponse(buf: Buffer): Pb;
}

const SERVICES: Record<Kind, { pkg: string; service: string; request: string; response: string }> = {
  logs: { pkg: 'opentelemetry.proto.collector.logs.v1', service: 'LogsService', request: 'ExportLogsServiceRequest', response: 'ExportLogsServiceResponse' },
  metrics: { pkg: 'opentelemetry.proto.collector.metrics.v1', service: 'MetricsService', request: 'ExportMetricsServiceRequest', response: 'ExportMetricsServiceResponse' },
  trace: { pkg: 'opentelemetry.proto.collector.trace.v1', service: 'TraceService', request: 'ExportTraceServiceRequest', response: 'ExportTraceServiceResponse' },
};

const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: Number, defaults: true, arrays: true, oneofs: true };

function protosDir(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@opentelemetry/otlp-grpc-exporter-base/package.json');
  return path.join(path.dirname(pkg), 'build', 'protos');
}

/** field `id` of `type` becomes `name` of `fieldType` (dropping what held that id or name) */
function rename(root: protobuf.Root, type: string, id: number, name: string, fieldType: string, rule?: string): void {
  const t = root.lookupType(type);
  for (const f of [...t.fieldsArray]) if (f.id === id || f.name === name) t.remove(f);
  if (t.reserved) t.reserved = t.reserved.filter((r) => !(Array.isArray(r) ? r[0] <= id && id <= r[1] : r === name));
  t.add(new protobuf.Field(name, id, fieldType, rule));
}

/** the three collector services, Tremor 0.12's field names restored */
export function loadServices(): Record<Kind, Service> {
  const dir = protosDir();
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(dir, target);
  root.loadSync(
    ['logs', 'metrics', 'trace'].map((k) => `opentelemetry/proto/collector/${k}/v1/${k === 'trace' ? 'trace' : k}_service.proto`),
    { keepCase: true },
  );
  rename(root, 'opentelemetry.proto.trace.v1.ResourceSpans', 2, 'instrumentation_library_spans', 'InstrumentationLibrarySpans', 'repeated');
  rename(root, 'opentelemetry.proto.logs.v1.ResourceLogs', 2, 'instrumentation_library_logs', 'InstrumentationLibraryLogs', 'repeated');
  rename(root, 'opentelemetry.proto.metrics.v1.ResourceMetrics', 2, 'instrumentation_library_metrics', 'InstrumentationLibraryMetrics', 'repeated');
  rename(root, 'opentelemetry.proto.trace.v1.Status', 1, 'deprecated_code', 'int32');
  rename(root, 'opentelemetry.proto.logs.v1.LogRecord', 4, 'name', 'string');
  root.resolveAll();
  const out = {} as Record<Kind, Service>;
  for (const kind of Object.keys(SERVICES) as Kind[]) {
    const s = SERVICES[kind];
    const req = root.lookupType(`${s.pkg}.${s.request}`);
    const res = root.lookupType(`${s.pkg}.${s.response}`);
    out[kind] = {
      path: `/${s.pkg}.${s.service}/Export`,
      encodeRequest: (m) => Buffer.from(req.encode(req.fromObject(m)).finish()),
      decodeRequest: (b) => req.toObject(req.decode(b), TO_OBJECT),
      encodeResponse: (m) => Buffer.from(res.encode(res.fromObject(m)).finish()),
      decodeResponse: (b) => res.toObject(res.decode(b), TO_OBJECT),
    };
  }
  return out;
}
