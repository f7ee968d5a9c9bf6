/**
 * otel_server / otel_client: the OTLP mapping of traces, logs and metrics through real
 * protobuf bytes, a client exporting to a server over loopback gRPC, the kind switches,
 * bad payloads, configuration, and that gRPC is only loaded when an otel instance starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import t from 'tap';
import type { ConnectorInstance, PortEvent } from '../../src/connectors/connector.js';
import { logsRequestToValue, valueToLogsRequest } from '../../src/connectors/otel/logs.js';
import { metricsRequestToValue, valueToMetricsRequest } from '../../src/connectors/otel/metrics.js';
import { otelClient, otelServer, parseOtelUrl } from '../../src/connectors/otel/otel.js';
import { loadServices } from '../../src/connectors/otel/proto.js';
import { traceRequestToValue, valueToTraceRequest } from '../../src/connectors/otel/trace.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { newEvent } from '../../src/runtime/event.js';
import { parseJson } from '../../src/runtime/json.js';
import { FloatBox, type Rec, type Value } from '../../src/runtime/value.js';
import { root } from '../root.js';
import { until } from '../until.js';
import { fakeContext } from './fake-context.js';
import { freePort } from '../free-port.js';

const services = loadServices();

const SPAN = parseJson(
  `{"trace":[{"instrumentation_library_spans":[{"instrumentation_library":{"name":"io.opentelemetry.jdbc","version":"1.11.0"},"schema_url":"","spans":[{"attributes":{"db.system":"h2","thread.id":1,"big":18446744073709551615,"f":1.0,"bin":[1,2]},"dropped_attributes_count":0,"dropped_events_count":0,"dropped_links_count":0,"end_time_unix_nano":1646054197371114000,"events":[{"time_unix_nano":1646054197371114001,"name":"e","attributes":{"k":"v"},"dropped_attributes_count":1}],"kind":3,"links":[{"trace_id":"52c0d1949a4c908818f9e0d1fcfad17e","span_id":"afe8d471fad0ef7c","trace_state":"","attributes":{},"dropped_attributes_count":0}],"name":"q","parent_span_id":"","span_id":"afe8d471fad0ef7c","start_time_unix_nano":1646054197366955000,"status":{"code":2,"deprecated_code":5,"message":"bad"},"trace_id":"52c0d1949a4c908818f9e0d1fcfad17e","trace_state":""}]}],"resource":{"attributes":{"service.name":"javaApp"},"dropped_attributes_count":0},"schema_url":"https://opentelemetry.io/schemas/1.8.0"}]}`,
) as Rec;

const LOGS = parseJson(
  `{"logs":[{"instrumentation_library_logs":[{"instrumentation_library":{"name":"n","version":"v"},"schema_url":"s","logs":[{"name":"test","time_unix_nano":1646054197366955000,"severity_number":9,"severity_text":"INFO","flags":128,"span_id":"afe8d471fad0ef7c","trace_id":"52c0d1949a4c908818f9e0d1fcfad17e","attributes":{"a":[1,"x",{"y":true}]},"dropped_attributes_count":0,"body":"snot"}]}],"resource":{"attributes":{},"dropped_attributes_count":8},"schema_url":"s"}]}`,
) as Rec;

const METRICS = parseJson(`{"metrics":[{"instrumentation_library_metrics":[{"instrumentation_library":{"name":"n","version":"v"},"schema_url":"","metrics":[
  {"name":"g","description":"d","unit":"1","data":{"gauge":{"data_points":[{"value":42,"start_time_unix_nano":1,"time_unix_nano":2,"attributes":{"h":"x"},"exemplars":[{"span_id":"afe8d471fad0ef7c","trace_id":"52c0d1949a4c908818f9e0d1fcfad17e","filtered_attributes":{},"time_unix_nano":3,"value":1.5}],"flags":0}]}}},
  {"name":"s","description":"","unit":"","data":{"sum":{"is_monotonic":true,"aggregation_temporality":2,"data_points":[{"value":2.5,"start_time_unix_nano":1,"time_unix_nano":2,"attributes":{},"exemplars":[],"flags":0}]}}},
  {"name":"h","description":"","unit":"","data":{"histogram":{"aggregation_temporality":1,"data_points":[{"start_time_unix_nano":1,"time_unix_nano":2,"attributes":{},"exemplars":[],"count":3,"sum":6.5,"bucket_counts":[1,2],"explicit_bounds":[1.5],"flags":0}]}}},
  {"name":"q","description":"","unit":"","data":{"summary":{"data_points":[{"start_time_unix_nano":1,"time_unix_nano":2,"attributes":{},"count":3,"sum":6.5,"flags":0,"quantile_values":[{"value":1.5,"quantile":0.5}]}]}}}
]}],"schema_url":"","resource":{"attributes":{},"dropped_attributes_count":0}}]}`) as Rec;

t.test('traces survive value → protobuf bytes → value, 64-bit integers exactly', async (t) => {
  const bytes = services.trace.encodeRequest(valueToTraceRequest(SPAN));
  const back = traceRequestToValue(services.trace.decodeRequest(bytes));
  const span = (((back.trace as Rec[])[0].instrumentation_library_spans as Rec[])[0].spans as Rec[])[0] as Rec;
  t.equal(span.start_time_unix_nano, 1646054197366955000n, 'ns beyond 2^53 are exact');
  t.same((span.attributes as Rec).big, -1, 'a u64 beyond i64 wraps, as Tremor (`as i64`)');
  t.ok((span.attributes as Rec).f instanceof FloatBox, 'a float stays a float');
  t.same(span.status, { code: 2, deprecated_code: 5, message: 'bad' }, 'the 0.12 status, deprecated_code included');
  (SPAN.trace as any)[0].instrumentation_library_spans[0].spans[0].attributes.big = -1;
  t.same(back, SPAN);
});

t.test('a span without status reads as Tremor’s "status code unset"', async (t) => {
  const v = traceRequestToValue({ resource_spans: [{ instrumentation_library_spans: [{ spans: [{ name: 'x' }] }] }] });
  const span = (((v.trace as Rec[])[0].instrumentation_library_spans as Rec[])[0].spans as Rec[])[0];
  t.same(span.status, { code: 0, deprecated_code: 0, message: 'status code unset' });
  t.throws(() => valueToTraceRequest({ trace: [{ instrumentation_library_spans: [{ spans: [{ trace_id: 'xyz' }] }] }] }), /trace_id/);
});

t.test('logs and metrics survive the round trip', async (t) => {
  t.same(logsRequestToValue(services.logs.decodeRequest(services.logs.encodeRequest(valueToLogsRequest(LOGS)))), LOGS);
  t.same(metricsRequestToValue(services.metrics.decodeRequest(services.metrics.encodeRequest(valueToMetricsRequest(METRICS)))), METRICS);
  t.throws(() => valueToLogsRequest({ logs: [{ instrumentation_library_logs: [{ logs: [{ severity_number: 30 }] }] }] }), /severity_number/);
  t.throws(() => valueToLogsRequest({}), /Missing `logs` array/);
  t.throws(() => valueToMetricsRequest({ metrics: [{ instrumentation_library_metrics: [{ metrics: [{ data: { nope: {} } }] }] }] }), /Invalid metric data point type/);
});

t.test('a client exports to a server over loopback gRPC', async (t) => {
  const url = `127.0.0.1:${await freePort()}`;
  const sctx = fakeContext({ codec: null, alias: 'server' });
  const server = otelServer.create(sctx, otelServer.validate({ url, logs: false })) as Required<Pick<ConnectorInstance, 'source' | 'start' | 'stop'>>;
  const got: PortEvent[] = [];
  server.source.on('data', (c: PortEvent) => got.push(c));
  await server.start();
  const cctx = fakeContext({ codec: null, alias: 'client' });
  const client = otelClient.create(cctx, otelClient.validate({ url })) as Required<Pick<ConnectorInstance, 'sink' | 'start'>>;
  await client.start();
  const send = (v: Value) => client.sink.write({ port: 'in', event: newEvent(v, 0n) });
  send(SPAN);
  send(METRICS);
  send({ nothing: 1 });
  send(LOGS);
  await until(t, 'two exports arrive', () => got.length === 2);
  t.same(
    got.map((c) => c.event.data),
    [SPAN, METRICS],
  );
  t.equal(got[0].event.origin?.host, '127.0.0.1', 'the origin is the peer');
  await until(t, 'the reports', () => sctx.reports.length === 1 && cctx.reports.length === 1);
  t.same(cctx.reports, ['main::client: Invalid or disabled otel payload']);
  t.same(sctx.reports, ['main::server Source received event when support is disabled. Dropping.'], 'logs are off at the server');
  client.sink.end();
  await finished(client.sink);
  await server.stop();
  await until(t, 'the server source ends', () => server.source.readableEnded);
});

t.test('configuration', async (t) => {
  t.same(otelServer.validate(null), { host: 'localhost', port: 4317, logs: true, metrics: true, trace: true }, "Tremor's defaults");
  t.same(parseOtelUrl('127.0.0.1:4318'), { host: '127.0.0.1', port: 4318 });
  t.same(parseOtelUrl('http://[::1]'), { host: '::1', port: 4317 });
  t.throws(() => otelClient.validate({ endpoint: 'x' } as Value), /endpoint/);
  t.throws(() => otelClient.validate({ trace: 'yes' } as Value), /trace/);
  t.equal(connectorTypes.get('otel_server'), otelServer);
  t.equal(connectorTypes.get('otel_client'), otelClient);
});

t.test('gRPC is loaded only when an otel instance starts', async (t) => {
  const dist = path.join(root, 'dist/connectors');
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/^import\s+(?:[^'"()]*?\s+from\s+)?["']([^"']+)["'];?/gm)) {
      if (m[1].startsWith('.')) visit(path.resolve(path.dirname(file), m[1]));
      else packages.add(m[1]);
    }
  };
  visit(path.join(dist, 'registry.js'));
  t.notOk(packages.has('@grpc/grpc-js'), 'the registry does not reach @grpc/grpc-js statically');
  t.notOk(packages.has('protobufjs'), 'nor protobufjs');
});
