/**
 * http_client: every event into `in` becomes an HTTP request; the responses come out of the
 * connector's own `out` port, transport failures out of `err` (deployment reference §3.7).
 *
 * Config:
 *   url           the default target (default "http://localhost:80/")
 *   method        default "POST", case-insensitive
 *   headers       record: name → string or array of strings, sent with every request
 *   timeout       ms for the whole exchange, body included (Tremor: ns; default none: no
 *                 limit of ours, only undici's own idle limits)
 *   concurrency   requests in flight at most (default 4)
 *   custom_codecs record: mime type → codec name or {"name", "config"}, merged over the
 *                 defaults (application/json → json, text/plain, text/html → string,
 *                 application/octet-stream → binary, …); "*" + "/" + "*" is the fallback;
 *                 0.13 renamed it `mime_mapping`
 *   tls           true (system roots) or {"cafile"?, "domain"?, "cert"?, "key"?} (file paths)
 *   auth          "none" | {"basic": {"username", "password"}} | {"bearer": token}
 *                 | {"elastic_api_key" (or "elasticsearchapikey"): {"id", "api_key"}};
 *                 Tremor's "gcp" is refused: Node has no Google credentials lookup here
 *   max_body_bytes the largest response body taken (default 16 MiB; ours, Tremor has no
 *                 limit): a larger one is not read further, its connection is closed and
 *                 the request leaves on `err`, as a failed exchange does
 *
 * Per event, `$http_client.request = {"url"?, "method"?, "headers"?}` overrides the config (an
 * event header replaces a configured one of the same name). The body codec comes from the
 * request's `content-type` through the mime map, else the connector's codec (json when none);
 * without a `content-type` the codec's own type is sent. GET and HEAD carry no body.
 *
 * Every response, whatever its status (a 404 is an answer, not a failure), is decoded with the
 * codec its `content-type` maps to and leaves on `out` with
 * `$http_client = {"request": {"method", "url", "headers"}, "request_id", "response":
 * {"status", "headers"}}` and the request's `$correlation`. A refused connection, a reset or a
 * timeout leaves on `err` as `{"error": reason, "event": <request payload>}`, same metadata
 * but no response. Replies are only produced when something reads the source part (a connect
 * from `out` or `err`); otherwise bodies are discarded and failures reported.
 *
 * ```tremor
 * define connector api from http_client
 * with
 *   config = {"url": "http://127.0.0.1:8080/ingest", "headers": {"x-team": "ops"}, "timeout": 5000}
 * end;
 * ```
 *
 * Backpressure: the sink calls back as soon as a request is under way, until `concurrency`
 * are; the next write then waits for a slot. A slot is held until the response has been
 * handed to the source part and the flow downstream had room for it, so a slow consumer of
 * responses slows the requests too. Ending the sink waits for what is in flight, then ends the
 * source part.
 */
import { Writable } from 'node:stream';
import type { Agent } from 'undici';
import { lazyModule } from '../base/lazy-module.js';
import { newEvent, type Event } from '../runtime/event.js';
import { stringify } from '../runtime/json.js';
import { clone, isRecord, ownKey, type Rec, type Value } from '../runtime/value.js';
import { messageOf } from '../base/message-of.js';
import { ConfigError, field, int, schema } from '../runtime/schema.js';
import type { ConnectorContext, ConnectorInstance, ConnectorType, PortEvent } from './connector.js';
import { duration, invalid, optional, owner } from './config-fields.js';
import { clientTlsOptions, tlsClient, type ClientTls } from './net/tls.js';
import { codecFor, configHeaders, decodeBody, encodeBody, essence, headersValue, eventHeaders, mimeFor, mimeMap, mimeMapping, ReplySource, TOKEN, withScheme, type MimeMap } from './http-common.js';
import { ackTx, failTx } from '../runtime/tx.js';

const undici = lazyModule<typeof import('undici')>('undici');

export type { ClientTls };

export interface HttpClientConfig {
  url: string;
  method: string;
  headers: Record<string, string[]>;
  /** null: no timeout */
  timeoutMs: number | null;
  concurrency: number;
  mime: MimeMap;
  tls: ClientTls | null;
  /** the `authorization` header the `auth` key stands for */
  authorization: string | null;
  maxBodyBytes: number;
}

function httpUrl(v: Value, what: string): URL {
  let url: URL | null = null;
  try {
    if (typeof v === 'string') url = new URL(withScheme(v));
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new Error(`${what} must be an http or https URL, not ${stringify(v)}`);
  return url;
}

function httpMethod(v: Value, what: string): string {
  if (typeof v !== 'string' || !TOKEN.test(v)) throw new Error(`${what} must be an HTTP method such as "GET", not ${stringify(v)}`);
  return v.toUpperCase();
}

const httpUrlField = field<string>(
  '"http(s)://…"',
  (v, where) => {
    try {
      return httpUrl(v, `\`${where}\``).href;
    } catch (e) {
      throw new ConfigError(messageOf(e), 'invalid', where);
    }
  },
  { default: 'http://localhost/', tremor: '"http://localhost:80/"', doc: 'where requests go unless `$http_client.request.url` says otherwise' },
);

const methodField = field<string>(
  'string',
  (v, where) => {
    try {
      return httpMethod(v, `\`${where}\``);
    } catch (e) {
      throw new ConfigError(messageOf(e), 'invalid', where);
    }
  },
  { default: 'POST', doc: 'the request method unless `$http_client.request.method` says otherwise' },
);

/** `"none"`, or one of the authorization schemes, as the `authorization` header it stands for */
const authField = field<string | null>(
  '"none" | {basic | bearer | elastic_api_key}',
  (v, where) => {
    if (v === null || v === 'none') return null;
    if (v === 'gcp' || (isRecord(v) && Object.keys(v).length === 1 && 'gcp' in v)) {
      throw new ConfigError(
        `\`${where}\`: "gcp" authorization is not available: it needs Google's credential lookup and token service, which this runtime does not have (use {"bearer": token} with a token obtained elsewhere)`,
        'invalid',
        where,
      );
    }
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
    const str = (x: Value | undefined): x is string => typeof x === 'string';
    if (isRecord(v) && Object.keys(v).length === 1) {
      const { basic, bearer } = v;
      const api = v.elastic_api_key ?? v.elasticsearchapikey;
      if (isRecord(basic) && str(basic.username) && str(basic.password)) return `Basic ${b64(`${basic.username}:${basic.password}`)}`;
      if (str(bearer)) return `Bearer ${bearer}`;
      if (isRecord(api) && str(api.id) && str(api.api_key)) return `ApiKey ${b64(`${api.id}:${api.api_key}`)}`;
    }
    return invalid(where, '"none", {"basic": {"username", "password"}}, {"bearer": token} or {"elastic_api_key": {"id", "api_key"}}', v);
  },
  { doc: 'the authorization header: "none", {"basic": …}, {"bearer": …} or {"elastic_api_key": …}' },
);

const CONFIG = schema({
  url: httpUrlField,
  method: methodField,
  headers: configHeaders,
  timeout: optional(duration('milliseconds', { positive: true, tremor: 'none (nanoseconds)', doc: 'how long a request may take (none: no limit)' })),
  concurrency: int({ min: 1, max: 1 << 30, default: 4, doc: 'requests in flight at once' }),
  custom_codecs: mimeMapping,
  tls: tlsClient,
  auth: authField,
  max_body_bytes: int({ min: 0, default: 16 * 1024 * 1024, tremor: '(none: no such key)', doc: "ours, not Tremor's: the largest response body in bytes; a larger one is not read and the request goes to `err`" }),
});

function validate(config: Value): HttpClientConfig {
  const c = CONFIG.read(owner('http_client'), config) as {
    url: string;
    method: string;
    headers?: Record<string, string[]>;
    timeout?: number;
    concurrency: number;
    custom_codecs?: MimeMap;
    tls?: ClientTls | null;
    auth?: string | null;
    max_body_bytes: number;
  };
  return {
    url: c.url,
    method: c.method,
    headers: c.headers ?? configHeaders.read(null, 'headers'),
    timeoutMs: c.timeout ?? null,
    concurrency: c.concurrency,
    mime: c.custom_codecs ?? mimeMap(null),
    tls: c.tls ?? null,
    authorization: c.auth ?? null,
    maxBodyBytes: c.max_body_bytes,
  };
}

interface Prepared {
  url: URL;
  method: string;
  headers: Record<string, string[]>;
  body: Buffer | undefined;
  meta: Rec;
}

export class HttpClientSink extends Writable {
  /** a Pool per origin, each with at most `concurrency` connections */
  private readonly agent: Agent;
  private inflight = 0;
  /** the write callback held while every slot is taken (Writable writes one at a time) */
  private blocked: (() => void) | null = null;
  private idle: (() => void) | null = null;
  private nextId = 1;
  /** whether any event has arrived (see `stop`) */
  used = false;

  /** requests under way */
  get pending(): number {
    return this.inflight;
  }

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: HttpClientConfig,
    private readonly replies: ReplySource,
  ) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
    const connect = config.tls ? clientTlsOptions(config.tls) : undefined;
    // undici stops reading a response over the limit and closes its connection
    this.agent = new (undici().Agent)({ connections: config.concurrency, connect, maxResponseSize: config.maxBodyBytes });
  }

  override _write(pe: PortEvent, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.used = true;
    this.inflight++;
    void this.exchange(pe.event).finally(() => {
      this.inflight--;
      this.wake();
    });
    if (this.inflight < this.config.concurrency) cb();
    else this.blocked = cb;
  }

  override _final(cb: (e?: Error | null) => void): void {
    const idle = this.inflight === 0 ? Promise.resolve() : new Promise<void>((r) => (this.idle = r));
    idle
      .then(() => this.agent.close())
      .finally(() => this.replies.finish())
      .then(() => cb(), cb);
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.agent.destroy().catch(() => {});
    cb(err);
  }

  private wake(): void {
    if (this.blocked && this.inflight < this.config.concurrency) {
      const cb = this.blocked;
      this.blocked = null;
      cb();
    }
    if (this.inflight === 0 && this.idle) this.idle();
  }

  /**
   * one request and its reply; never throws (a failure is a reply on `err`). The event is
   * acked once its response has come (whatever its status), failed when none came.
   */
  private async exchange(event: Event): Promise<void> {
    const id = this.nextId++;
    const correlation = ownKey(event.meta, 'correlation');
    const ns = isRecord(event.meta.http_client) ? event.meta.http_client : {};
    const over = isRecord(ns.request) ? ns.request : {};
    let reqMeta: Rec = { method: this.config.method, url: this.config.url, headers: headersValue(this.config.headers) };
    const meta = (extra: Rec): Rec => {
      const m: Rec = { http_client: { request: clone(reqMeta), request_id: id, ...extra } };
      if (correlation !== undefined) m.correlation = clone(correlation);
      return m;
    };
    let timedOut = false;
    let timer: unknown = null;
    let answered = false;
    try {
      const req = this.prepare(event.data, over);
      reqMeta = req.meta;
      const abort = new AbortController();
      const limit = this.config.timeoutMs;
      if (limit !== null) {
        timer = this.ctx.clock.setTimer(() => {
          timedOut = true;
          abort.abort();
        }, limit);
      }
      const res = await undici().request(req.url, { method: req.method as 'POST', headers: req.headers, body: req.body, dispatcher: this.agent, signal: abort.signal });
      answered = true;
      ackTx(event.tx);
      if (!this.replies.reading) return void (await res.body.dump());
      const body = await res.body.bytes();
      if (timer !== null) this.ctx.clock.clearTimer(timer);
      const headers = headersValue(res.headers);
      const ct = res.headers['content-type'];
      const codec = codecFor(this.config.mime, essence(Array.isArray(ct) ? ct[0] : ct), this.ctx.codec);
      const origin = { scheme: 'http_client', host: req.url.hostname, port: Number(req.url.port) || (req.url.protocol === 'https:' ? 443 : 80), path: req.url.pathname.split('/').filter((s) => s !== '') };
      const replies = decodeBody(this.ctx, codec, body, () => meta({ response: { status: res.statusCode, headers: clone(headers) } }), origin);
      for (const pe of replies) {
        pe.event.id = id;
        await this.replies.send(pe);
      }
    } catch (e) {
      if (!answered) failTx(event.tx);
      const tooLarge = (e as { code?: unknown } | null)?.code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE';
      const reason = timedOut ? `The request timed out after ${this.config.timeoutMs} ms` : tooLarge ? `The response body is over max_body_bytes (${this.config.maxBodyBytes} bytes)` : messageOf(e);
      const m = meta({});
      m.error = reason;
      if (this.replies.reading) await this.replies.send({ port: 'err', event: newEvent({ error: reason, event: event.data }, this.ctx.clock.wallNs(), id, m) });
      else this.ctx.report(`${this.ctx.id}: ${reqMeta.method} ${reqMeta.url}: ${reason}`);
    } finally {
      if (timer !== null) this.ctx.clock.clearTimer(timer);
    }
  }

  /** the request an event stands for: config, overridden by `$http_client.request` */
  private prepare(payload: Value, over: Rec): Prepared {
    const url = over.url === undefined ? new URL(this.config.url) : httpUrl(over.url, '`$http_client.request.url`');
    const method = over.method === undefined ? this.config.method : httpMethod(over.method, '`$http_client.request.method`');
    const headers = { ...this.config.headers, ...(over.headers === undefined ? {} : eventHeaders(over.headers, '`$http_client.request.headers`')) };
    let body: Buffer | undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      const codec = codecFor(this.config.mime, essence(headers['content-type']?.[0]), this.ctx.codec);
      body = encodeBody(this.ctx, codec, payload);
      headers['content-type'] ??= [mimeFor(this.config.mime, codec)];
    }
    // credentials stay out of the metadata that flows on with the response
    const meta: Rec = { method, url: url.href, headers: headersValue(headers) };
    if (this.config.authorization !== null) headers.authorization = [this.config.authorization];
    return { url, method, headers, body, meta };
  }
}

export interface HttpClientInstance extends ConnectorInstance {
  readonly source: ReplySource;
  readonly sink: HttpClientSink;
}

export const httpClient: ConnectorType<HttpClientConfig> = {
  name: 'http_client',
  summary: 'sends every event as an HTTP request and emits the responses',
  codec: 'optional',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  validate,
  create(ctx, config): HttpClientInstance {
    const source = new ReplySource(ctx.highWaterMark);
    const sink = new HttpClientSink(ctx, config, source);
    return {
      source,
      sink,
      // replies end when the sink has ended and what was in flight is answered; a sink that
      // never got an event may not be linked at all, so then nothing is left to wait for
      stop: async () => {
        if (!sink.used) source.finish();
      },
      replies: true,
      idle: () => sink.pending === 0,
    };
  },
};
