/**
 * http_server: every HTTP request becomes an event on `out`; events sent to the connector's
 * `in` answer them (deployment reference §3.7).
 *
 * Config:
 *   url           where to listen (default "http://localhost:80"; without a scheme http is
 *                 meant), port 0: any free port (the instance's `port` tells which);
 *                 "https://…" needs `tls`
 *   tls           {"cert", "key"}: PEM file paths
 *   timeout       ms a request waits for its response before it gets a 503 (ours: Tremor
 *                 has no such limit, and none is the default)
 *   custom_codecs record: mime type → codec name or {"name", "config"}, merged over the
 *                 defaults (application/json → json, text/plain → string, …); 0.13 renamed
 *                 it `mime_mapping`
 *   max_body_bytes    the largest request body taken (default 16 MiB); a larger one is a 413
 *   max_header_bytes  the most bytes of request line and headers (default 16 KiB); more: 431
 *   max_headers       the most header lines in a request (default 100); more: 431
 *                 (these three are ours: Tremor 0.12 has no such limits)
 *
 * Requests are read defensively (http-target.ts): the host of `$http_server.request.url` is
 * the Host header's (the listener's when it is empty), never a `//authority` in the request
 * target, which is read as a path; an absolute-form target must name the Host. A malformed
 * Host or target is a 400. A body over `max_body_bytes` is refused with a 413 as soon as its
 * `content-length` says so, or else as soon as that many bytes have come: reading stops, what
 * was read is let go and the connection is closed after the answer, so an oversized upload
 * costs neither memory nor the rest of its transfer. Headers over their limits are a 431 (Node
 * answers those itself when the bytes overflow). Refused requests never become events.
 *
 * A request's body is decoded with the codec its `content-type` maps to, else the connector's
 * codec (json when none); an empty body is `null`. Its metadata is `$http_server =
 * {"request": {"method", "url", "path", "query", "headers", "peer": {"host", "port"}},
 * "request_id": n}` — headers as `{name: [values]}`, `query` the raw query string or null,
 * ids counting from 1. A body that cannot be decoded goes to `err` and is answered with 400.
 *
 * The answer is an event into `in` whose `$http_server.request_id` names the request: a
 * pipeline that keeps the metadata (the usual case) answers the request it got. Its status is
 * `$http_server.response.status` (by default, as in Tremor, from `$http_server.request.method`:
 * 201 for a POST, 204 for a DELETE, else 200), its headers `$http_server.response.headers`,
 * its body the payload, encoded with the codec the response `content-type` maps to (the
 * connector's codec, or json, when none is set; its type is then announced). A second answer,
 * or one to an unknown or expired request, is reported and dropped.
 *
 * ```tremor
 * define connector api from http_server
 * with
 *   config = {"url": "http://0.0.0.0:8080", "timeout": 5000}
 * end;
 * define pipeline answer pipeline
 *   select {"ok": true, "path": $http_server.request.path} from in into out;
 * end;
 * create connector api; create pipeline answer;
 * connect /connector/api to /pipeline/answer;
 * connect /pipeline/answer to /connector/api;
 * ```
 *
 * Backpressure: when the flow has no room for more requests, request bodies are left unread
 * until it has (TCP then slows the clients); no request waits longer than `timeout` for its
 * answer. Stopping closes the listener and ends the source part; requests still unanswered
 * when the sink part ends get a 503.
 */
import http, { validateHeaderValue, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Writable, type Duplex } from 'node:stream';
import type { Event } from '../runtime/event.js';
import { stringify } from '../runtime/json.js';
import { clone, isRecord, type Rec, type Value } from '../runtime/value.js';
import { messageOf } from '../base/message-of.js';
import { ConfigError, field, int, schema, type Config } from '../runtime/schema.js';
import type { ConnectorContext, ConnectorInstance, ConnectorType, PortEvent } from './connector.js';
import { duration, invalid, optional, owner } from './config-fields.js';
import { codecFor, decodeBody, encodeBody, essence, eventHeaders, headersValue, mimeFor, mimeMap, mimeMapping, ReplySource, withScheme, type MimeMap } from './http-common.js';
import { requestTarget } from './http-target.js';
import { serverTlsOptions, tlsServer, type ServerTls } from './net/tls.js';
import { ackTx, failTx } from '../runtime/tx.js';

export interface HttpServerConfig {
  url: string;
  host: string;
  port: number;
  tls: ServerTls | null;
  /** null: a request waits for its answer as long as its client does */
  timeoutMs: number | null;
  mime: MimeMap;
  maxBodyBytes: number;
  maxHeaderBytes: number;
  maxHeaders: number;
}

/** how long a refused request's connection stays half-closed, so that its client reads the answer */
const LINGER_MS = 500;

interface Pending {
  res: ServerResponse;
  timer: unknown;
}

const urlField = field<string>(
  '"http(s)://host:port"',
  (v, where) => {
    let url: URL | null = null;
    try {
      if (typeof v === 'string') url = new URL(withScheme(v));
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return invalid(where, 'an http or https URL such as "http://127.0.0.1:8080"', v);
    return url.href;
  },
  { default: 'http://localhost/', tremor: '"http://localhost:80"', doc: 'where to listen; https needs `tls`' },
);

/** Tremor's status when the answer names none: by the request's method (from the metadata) */
function defaultStatus(request: Value | undefined): number {
  const method = isRecord(request) && typeof request.method === 'string' ? request.method.toUpperCase() : '';
  return method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200;
}

const CONFIG = schema({
  url: urlField,
  tls: tlsServer,
  timeout: optional(duration('milliseconds', { positive: true, tremor: '(none: no such key)', doc: 'how long a request may wait for its response (none: for ever)' })),
  custom_codecs: mimeMapping,
  max_body_bytes: int({ min: 0, default: 16 * 1024 * 1024, tremor: '(none: no such key)', doc: "ours, not Tremor's: the largest request body in bytes; a larger one is answered 413 and not read" }),
  max_header_bytes: int({ min: 1024, max: 1 << 30, default: 16 * 1024, tremor: '(none: no such key)', doc: "ours, not Tremor's: the most bytes of request line and headers; more is answered 431" }),
  max_headers: int({ min: 1, max: 1 << 20, default: 100, tremor: '(none: no such key)', doc: "ours, not Tremor's: the most header lines in a request; more is answered 431" }),
});

function validate(config: Value): HttpServerConfig {
  const c = CONFIG.read(owner('http_server'), config) as Config<typeof CONFIG.fields> & { url: string };
  const url = new URL(c.url);
  const tls = c.tls ?? null;
  if ((url.protocol === 'https:') !== (tls !== null)) throw new ConfigError(`An http_server connector listens with TLS exactly when its \`url\` is https and \`tls\` is given`, 'invalid', 'tls');
  const port = url.port === '' ? (tls ? 443 : 80) : Number(url.port);
  // URL keeps IPv6 hosts in brackets; listen() wants them bare
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    url: url.href,
    host,
    port,
    tls,
    timeoutMs: c.timeout ?? null,
    mime: c.custom_codecs ?? mimeMap(null),
    maxBodyBytes: c.max_body_bytes,
    maxHeaderBytes: c.max_header_bytes,
    maxHeaders: c.max_headers,
  };
}

/** the body's declared length, when it declares one (Node has checked that it is a number) */
function declaredLength(req: IncomingMessage): number | null {
  const v = req.headers['content-length'];
  return v === undefined ? null : Number(v);
}

/**
 * The whole body, or null as soon as it is over `max` bytes: then the chunks read so far are
 * let go and the request is paused, so that nothing more is read (the answer closes the
 * connection). Rejects when the client goes away first.
 */
function readLimited(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let size = 0;
    const done = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= max) return void chunks.push(c);
      done();
      chunks = [];
      req.pause();
      resolve(null);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (e: Error) => {
      done();
      reject(e);
    };
    const onClose = () => onError(new Error('the client went away before its request body was read'));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

export class HttpServerInstance implements ConnectorInstance {
  readonly source: ReplySource;
  readonly sink: Writable;
  private server: Server | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private stopping = false;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: HttpServerConfig,
  ) {
    this.source = new ReplySource(ctx.highWaterMark, () => this.close());
    this.sink = new Writable({
      objectMode: true,
      highWaterMark: ctx.highWaterMark,
      write: (pe: PortEvent, _enc, cb) => {
        this.respond(pe.event);
        cb();
      },
      final: (cb) => {
        this.shutdown();
        cb();
      },
      destroy: (err, cb) => {
        this.close();
        cb(err);
      },
    });
  }

  /** the port listened on (the bound one when the url said 0), or null before `start` */
  get port(): number | null {
    const a = this.server?.address();
    return a && typeof a === 'object' ? (a as AddressInfo).port : null;
  }

  async start(): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.onRequest(req, res).catch((e: unknown) => {
        this.ctx.report(`${this.ctx.id}: ${req.method} ${req.url}: ${messageOf(e)}`);
        if (!res.headersSent) this.reply(res, 500, messageOf(e));
        else res.destroy();
      });
    };
    const { tls, maxHeaderBytes, maxHeaders } = this.config;
    const limits = { maxHeaderSize: maxHeaderBytes, requireHostHeader: true };
    const server = tls ? https.createServer({ ...serverTlsOptions(tls), ...limits }, handler) : http.createServer(limits, handler);
    // one more than allowed is kept, so that too many can be told from just enough (Node
    // drops the lines over its count silently)
    server.maxHeadersCount = maxHeaders + 1;
    // `Expect: 100-continue`: a body that will be refused is not asked for
    server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
      if (this.refusal(req) === null) res.writeContinue();
      handler(req, res);
    });
    // CONNECT (authority-form): this is no proxy; Node would close the connection unanswered
    server.on('connect', (_req: IncomingMessage, socket: Duplex) => socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.config.port, this.config.host, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((e: unknown) => {
      throw new Error(`The http_server connector ${this.ctx.id} cannot listen on ${this.config.url}: ${messageOf(e)}`);
    });
    server.on('error', (e) => this.ctx.report(`${this.ctx.id}: ${messageOf(e)}`));
  }

  /** stops taking requests; those already taken can still be answered */
  async stop(): Promise<void> {
    this.stopping = true;
    this.source.finish();
    this.server?.close();
  }

  /** why a request is refused before its body is read: [status, reason], or null */
  private refusal(req: IncomingMessage): [number, string] | null {
    const { maxHeaders, maxBodyBytes } = this.config;
    if (req.rawHeaders.length / 2 > maxHeaders) return [431, `A request may have at most ${maxHeaders} header lines`];
    const length = declaredLength(req);
    if (length !== null && length > maxBodyBytes) return [413, `A request body may have at most ${maxBodyBytes} bytes, not ${length}`];
    return null;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const scheme = this.config.tls ? 'https' : 'http';
    const target = requestTarget(method, req.url ?? '/', req.headersDistinct.host, { scheme, host: this.config.host, port: this.port ?? this.config.port });
    if ('bad' in target) return this.refuse(req, res, 400, target.bad);
    const refused = this.refusal(req);
    if (refused) return this.refuse(req, res, ...refused);
    // nobody would see it (source not linked, or stopped): say so rather than time out
    if (this.stopping || !this.source.reading) return this.reply(res, 503, 'The server is not taking requests');
    const id = this.nextId++;
    await this.source.room();
    const body = await readLimited(req, this.config.maxBodyBytes);
    if (body === null) return this.refuse(req, res, 413, `A request body may have at most ${this.config.maxBodyBytes} bytes`);
    if (this.source.finished) return this.reply(res, 503, 'The server is not taking requests');
    const peer = { host: req.socket.remoteAddress ?? null, port: req.socket.remotePort ?? null };
    const request: Rec = { method, url: target.url, path: target.path, query: target.query, headers: headersValue(req.headersDistinct), peer };
    const origin = { scheme: 'http-server', host: peer.host ?? '', port: peer.port, path: target.path.split('/').filter((s) => s !== '') };
    const codec = codecFor(this.config.mime, essence(req.headers['content-type']), this.ctx.codec);
    const events = decodeBody(this.ctx, codec, body, () => ({ http_server: { request: clone(request), request_id: id } }), origin);
    for (const pe of events) pe.event.id = id;
    const bad = events.filter((pe) => pe.port === 'err');
    if (bad.length > 0) {
      this.reply(res, 400, bad.map((pe) => String((pe.event.data as Rec).error)).join('\n'));
      for (const pe of bad) await this.source.send(pe);
      return;
    }
    const limit = this.config.timeoutMs;
    const timer = limit === null ? null : this.ctx.clock.setTimer(() => this.expire(id), limit);
    this.pending.set(id, { res, timer });
    // a client that goes away no longer waits for its answer
    res.once('close', () => this.forget(id, res));
    for (const pe of events) await this.source.send(pe);
  }

  private respond(event: Event): void {
    const ns = isRecord(event.meta.http_server) ? event.meta.http_server : {};
    const id = ns.request_id;
    const p = typeof id === 'number' ? this.pending.get(id) : undefined;
    if (!p) {
      this.ctx.report(`${this.ctx.id}: no request ${stringify(id ?? null)} is waiting for an answer (unknown, answered or timed out); the event is dropped`);
      failTx(event.tx);
      return;
    }
    this.forget(id as number, p.res);
    const spec = isRecord(ns.response) ? ns.response : {};
    try {
      const status = spec.status ?? defaultStatus(ns.request);
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) throw new Error(`\`$http_server.response.status\` must be an integer from 100 to 599, not ${stringify(status)}`);
      const headers = spec.headers === undefined ? {} : eventHeaders(spec.headers, '`$http_server.response.headers`');
      // Node frames the body itself (content-length); the event cannot know the encoded size
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      // checked before anything is set, so that a bad header leaves a clean 500 behind
      for (const [name, values] of Object.entries(headers)) for (const v of values) validateHeaderValue(name, v);
      const codec = codecFor(this.config.mime, essence(headers['content-type']?.[0]), this.ctx.codec);
      const body = encodeBody(this.ctx, codec, event.data);
      headers['content-type'] ??= [mimeFor(this.config.mime, codec)];
      this.send(p.res, status, headers, body);
      ackTx(event.tx);
    } catch (e) {
      this.ctx.report(`${this.ctx.id}: cannot answer request ${id}: ${messageOf(e)}`);
      this.reply(p.res, 500, messageOf(e));
      failTx(event.tx);
    }
  }

  private send(res: ServerResponse, status: number, headers: Record<string, string[]>, body: Buffer): void {
    if (res.headersSent || res.destroyed) return;
    res.statusCode = status;
    for (const [name, values] of Object.entries(headers)) res.setHeader(name, values.length === 1 ? values[0] : values);
    if (this.stopping) res.setHeader('connection', 'close');
    res.end(body);
  }

  private reply(res: ServerResponse, status: number, text: string): void {
    this.send(res, status, { 'content-type': ['text/plain; charset=utf-8'] }, Buffer.from(text, 'utf8'));
  }

  /**
   * Answers a request that is not taken, and closes its connection: its body (if any) is not
   * read, so the connection cannot carry another request. `read(0)` marks the body as
   * consumed, so that Node does not read the rest of it to throw it away; what the client
   * still sends stays in the socket's buffers.
   */
  private refuse(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
    req.read(0);
    req.pause();
    this.lingerAfter(res);
    this.send(res, status, { 'content-type': ['text/plain; charset=utf-8'], connection: ['close'] }, Buffer.from(text, 'utf8'));
  }

  /**
   * Closing a socket with unread input makes the kernel send a reset, which can reach a client
   * that is still sending its body before it has read the answer: it would see a broken pipe
   * instead of the 413. So, as Go's server and nginx do, the write side is closed first (the
   * answer, then FIN) and the socket destroyed LINGER_MS later, reading nothing meanwhile.
   * Node's own close after a `connection: close` answer (`socket.destroySoon`, run on the
   * response's 'finish' before this listener) destroys the socket as soon as its write side
   * has ended: that destroy is replaced by the delayed one.
   */
  private lingerAfter(res: ServerResponse): void {
    const socket = res.socket;
    if (!socket) return;
    res.once('finish', () => {
      if (socket.destroyed) return;
      socket.removeListener('finish', socket.destroy);
      const later = () => {
        const timer = this.ctx.clock.setTimer(() => socket.destroy(), LINGER_MS);
        socket.once('close', () => this.ctx.clock.clearTimer(timer));
      };
      if (socket.writableFinished) later();
      else socket.once('finish', later);
    });
  }

  private forget(id: number, res: ServerResponse): void {
    const p = this.pending.get(id);
    if (!p || p.res !== res) return;
    this.pending.delete(id);
    if (p.timer !== null) this.ctx.clock.clearTimer(p.timer);
  }

  private expire(id: number): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.forget(id, p.res);
    this.reply(p.res, 503, `No response within ${this.config.timeoutMs} ms`);
  }

  /** the sink has ended: nothing can answer the requests still waiting */
  private shutdown(): void {
    this.stopping = true;
    for (const [id, p] of [...this.pending]) {
      this.forget(id, p.res);
      this.reply(p.res, 503, 'The server is shutting down');
    }
    this.server?.close();
  }

  private close(): void {
    this.shutdown();
    this.server?.closeAllConnections();
  }
}

export const httpServer: ConnectorType<HttpServerConfig> = {
  name: 'http_server',
  summary: 'turns HTTP requests into events and answers them with the events it receives',
  codec: 'optional',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  validate,
  create: (ctx, config) => new HttpServerInstance(ctx, config),
};
