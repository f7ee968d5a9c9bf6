/**
 * The control API of a running deployment (`tremor-stream run --api [HOST:]PORT`): off unless
 * asked for, and then bound to 127.0.0.1 unless a host is named. Plain `node:http`:
 *
 *   GET /ping      200 `pong` while the process serves (Benthos' liveness probe)
 *   GET /ready     200 once every flow runs (or is paused), else 503 (readiness)
 *   GET /version   {"version", "debug": false}
 *   GET /metrics   Prometheus text (prometheus.ts)
 *   /v1/…          Tremor's API (tremor-api.ts), and /v1/flows/{id}/tap (tap.ts)
 *   GET /          the live status page (status-page.ts)
 *
 * JSON bodies of at most 64 KiB; errors answer `{"error": message}`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Flow } from '../flow/flow.js';
import { HttpError, type Reply } from './http.js';
import { metricsRegistry } from './prometheus.js';
import { tremorRoute } from './tremor-api.js';
import { Taps } from './tap.js';
import { StatusPage } from './status-page.js';

const MAX_BODY = 64 * 1024;
const VERSION = '0.1.0';

export interface ApiServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** `[HOST:]PORT` of `--api`: the host defaults to loopback */
export function apiAddress(text: string): { host: string; port: number } {
  const m = /^(?:(\[[^\]]+\]|[^:]+):)?(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : Number.NaN;
  if (!m || port > 65535) throw new Error(`--api: expected [HOST:]PORT, got ${JSON.stringify(text)}`);
  return { host: m[1] ? m[1].replace(/^\[|\]$/g, '') : '127.0.0.1', port };
}

export async function startApi(flows: () => readonly Flow[], address: { host: string; port: number }): Promise<ApiServer> {
  const registry = metricsRegistry(flows);
  const taps = new Taps();
  const page = new StatusPage();
  const route = async (method: string, url: URL, body: unknown): Promise<Reply> => {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const path = url.pathname;
    const asset = method === 'GET' ? page.asset(path) : null;
    if (asset) return asset;
    if (path === '/ping') return method === 'GET' ? { status: 200, text: 'pong' } : notAllowed();
    if (path === '/ready') {
      if (method !== 'GET') return notAllowed();
      const ready = flows().length > 0 && flows().every((f) => f.status === 'running' || f.status === 'paused');
      return { status: ready ? 200 : 503, json: { ready } };
    }
    if (path === '/version') return method === 'GET' ? { status: 200, json: { version: VERSION, debug: false } } : notAllowed();
    if (path === '/metrics') return method === 'GET' ? { status: 200, text: await registry.metrics(), type: registry.contentType } : notAllowed();
    const r = tremorRoute(flows(), method, parts, body);
    if (r) return r;
    throw new HttpError(404, `no such endpoint: ${method} ${path}`);
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      void (async () => {
        let reply: Reply;
        try {
          if (size > MAX_BODY) throw new HttpError(413, `a body of at most ${MAX_BODY} bytes`);
          const raw = Buffer.concat(chunks).toString('utf8');
          let body: unknown = null;
          if (raw.trim() !== '') {
            try {
              body = JSON.parse(raw);
            } catch {
              throw new HttpError(400, 'the body is not JSON');
            }
          }
          const url = new URL(req.url ?? '/', 'http://api');
          // a tap answers with a stream of its own
          const tap = /^\/v1\/flows\/([^/]+)\/tap$/.exec(url.pathname);
          if (tap && req.method === 'GET') {
            const f = flows().find((x) => x.plan.name === decodeURIComponent(tap[1]));
            if (!f) throw new HttpError(404, `Flow ${decodeURIComponent(tap[1])} not found`);
            taps.start(f, url.searchParams, res);
            return;
          }
          reply = await route(req.method ?? 'GET', url, body);
        } catch (e) {
          reply = e instanceof HttpError ? { status: e.status, json: { error: e.message } } : { status: 500, json: { error: (e as Error).message } };
        }
        const text = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
        res.writeHead(reply.status, { 'content-type': reply.json !== undefined ? 'application/json' : (reply.type ?? 'text/plain; charset=utf-8') });
        res.end(text);
      })();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    host: bound.address,
    port: bound.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function notAllowed(): never {
  throw new HttpError(405, 'method not allowed');
}
