/**
 * otel_server and otel_client: OpenTelemetry (OTLP over gRPC) in and out.
 *
 * Config (both):
 *   url      `host:port`, or a URL (`https://host:port`); default `https://localhost:4317`
 *            (Tremor's OtelDefaults: scheme https, host localhost, port 4317). The server
 *            listens there, the client exports there (plaintext gRPC: 0.12 has no TLS keys).
 *   logs     serve / export logs (default true)
 *   metrics  serve / export metrics (default true)
 *   trace    serve / export traces (default true)
 *
 * Structured (no codec). The server's source (`out`) emits one event per export request:
 * `{"logs": […]}`, `{"metrics": […]}` or `{"trace": […]}` in Tremor 0.12's layout
 * (logs.ts, metrics.ts, trace.ts). The client's sink (`in`) exports events of that shape.
 *
 * ```tremor
 * define connector otel_server from otel_server
 * with
 *   config = {"url": "127.0.0.1:4317"}
 * end;
 * ```
 *
 * The gRPC parts (server.ts, client.ts, with @grpc/grpc-js and protobufjs) are imported when
 * an instance starts, so that deployments without otel — and `query` — never load them.
 */
import { messageOf } from '../../base/message-of.js';
import { bool, ConfigError, schema, str } from '../../runtime/schema.js';
import type { Value } from '../../runtime/value.js';
import { EventSink, Undeliverable } from '../base/sink.js';
import { owner } from '../config-fields.js';
import type { ConnectorContext, ConnectorType, PortEvent } from '../connector.js';
import { ReplySource } from '../http-common.js';
import type { OtelConfig } from './config.js';

export type { OtelConfig };

const CONFIG = schema({
  url: str({ default: 'https://localhost:4317', doc: 'where the server listens / the client exports: `host:port` or a URL' }),
  logs: bool({ default: true, doc: 'serve / export logs' }),
  metrics: bool({ default: true, doc: 'serve / export metrics' }),
  trace: bool({ default: true, doc: 'serve / export traces' }),
});

/** Tremor's `Url<OtelDefaults>`: a missing scheme is `https://`, a missing port 4317 */
export function parseOtelUrl(url: string): { host: string; port: number } {
  const withScheme = /^[A-Za-z-]+:\/\//.test(url) ? url : `https://${url}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch (e) {
    throw new ConfigError(`\`url\` must be a URL or host:port, not "${url}": ${messageOf(e)}`, 'invalid', 'url');
  }
  const host = u.hostname.replace(/^\[|\]$/g, '') || 'localhost';
  return { host, port: u.port === '' ? 4317 : Number(u.port) };
}

function validate(type: string) {
  return (config: Value): OtelConfig => {
    const c = CONFIG.read(owner(type), config) as { url: string; logs: boolean; metrics: boolean; trace: boolean };
    return { ...parseOtelUrl(c.url), logs: c.logs, metrics: c.metrics, trace: c.trace };
  };
}

/** exports through the gRPC exporter, loaded at start */
class OtelClientSink extends EventSink {
  private exporter: { send(data: Value): Promise<void>; close(): void } | null = null;

  constructor(
    ctx: ConnectorContext,
    private readonly config: OtelConfig,
  ) {
    super(ctx);
  }

  async load(): Promise<void> {
    const { OtelExporter } = await import('./client.js');
    this.exporter ??= new OtelExporter(this.config);
  }

  protected async deliver({ event }: PortEvent): Promise<void> {
    if (!this.exporter) await this.load();
    if (!this.exporter) throw new Undeliverable('otel client is closed');
    return this.exporter.send(event.data);
  }

  protected override flush(): Promise<void> {
    this.exporter?.close();
    return Promise.resolve();
  }

  protected override release(): void {
    this.exporter?.close();
  }
}

export const otelServer: ConnectorType<OtelConfig> = {
  name: 'otel_server',
  summary: 'an OTLP/gRPC collector: logs, metrics and traces it receives on `out`',
  codec: 'none',
  outputs: () => ['out', 'err'],
  inputs: () => [],
  config: CONFIG,
  validate: validate('otel_server'),
  create(ctx, config) {
    const source = new ReplySource(ctx.highWaterMark);
    let server: { listen(): Promise<void>; close(): Promise<void>; kill(): void } | null = null;
    source.once('close', () => server?.kill());
    return {
      source,
      start: async () => {
        const { OtelServer } = await import('./server.js');
        server = new OtelServer(ctx, config, source);
        await server.listen();
      },
      stop: async () => {
        await server?.close();
        source.finish();
      },
    };
  },
};

export const otelClient: ConnectorType<OtelConfig> = {
  name: 'otel_client',
  summary: 'an OTLP/gRPC exporter: logs, metrics and traces from `in`',
  codec: 'none',
  outputs: () => [],
  inputs: () => ['in'],
  config: CONFIG,
  validate: validate('otel_client'),
  create(ctx, config) {
    const sink = new OtelClientSink(ctx, config);
    return { sink, start: () => sink.load() };
  },
};
