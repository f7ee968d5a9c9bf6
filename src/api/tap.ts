/**
 * `GET /v1/flows/{id}/tap?node=pipeline/main&port=out[&sample=N][&limit=M]`: the events
 * leaving a node on a port, live, as server-sent events (`data: {"port", "event", "meta"}`),
 * like `vector tap`. Bounded: at most `limit` events (default 100, at most 10,000), then the
 * stream ends; sampled: every `sample`-th event (default 1); never holding the flow back: while
 * the client reads slower than events come, events are dropped and counted (an `event:
 * dropped` line says how many before the next one sent). At most MAX_TAPS at once (429 beyond).
 */
import type { ServerResponse } from 'node:http';
import type { Flow } from '../flow/flow.js';
import { stringify } from '../runtime/json.js';
import { HttpError } from './http.js';

const MAX_TAPS = 8;
const MAX_LIMIT = 10_000;

export class Taps {
  private open = 0;

  /** starts a tap on `res` (a 404 or 400 is thrown before anything is written) */
  start(flow: Flow, query: URLSearchParams, res: ServerResponse): void {
    const node = query.get('node') ?? '';
    const port = query.get('port') ?? 'out';
    const sample = whole(query.get('sample'), 1, 1_000_000, 'sample');
    const limit = whole(query.get('limit'), 100, MAX_LIMIT, 'limit');
    if (this.open >= MAX_TAPS) throw new HttpError(429, `at most ${MAX_TAPS} taps at once`);
    let seen = 0;
    let sent = 0;
    let dropped = 0;
    let full = false;
    const stop = flow.tap(node, port, (pe) => {
      if (seen++ % sample !== 0) return;
      if (full) {
        dropped++;
        return;
      }
      let line = '';
      if (dropped > 0) line += `event: dropped\ndata: ${dropped}\n\n`;
      dropped = 0;
      let data: string;
      try {
        data = stringify({ port: pe.port, event: pe.event.data, meta: pe.event.meta });
      } catch (e) {
        data = JSON.stringify({ port: pe.port, error: (e as Error).message });
      }
      full = !res.write(`${line}data: ${data}\n\n`);
      if (++sent >= limit) end();
    });
    if (!stop) throw new HttpError(404, `no output ${node}/${port} in flow ${flow.plan.name} (node: connector/ALIAS or pipeline/ALIAS)`);
    this.open++;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.open--;
      stop();
      res.end();
    };
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.write(': tap\n\n');
    res.on('drain', () => (full = false));
    res.on('close', end);
  }
}

function whole(text: string | null, dflt: number, max: number, what: string): number {
  if (text === null) return dflt;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new HttpError(400, `${what}: a whole number from 1 to ${max}`);
  return n;
}
