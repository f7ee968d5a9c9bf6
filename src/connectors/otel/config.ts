/** A validated otel_server / otel_client configuration (otel.ts reads it; server.ts and client.ts use it). */
export interface OtelConfig {
  host: string;
  port: number;
  logs: boolean;
  metrics: boolean;
  trace: boolean;
}
