/**
 * The live status page (`GET /` of the control API): plain HTML, CSS and a small script
 * shipped in the package (`assets/status-page/`: no build step, no CDN). The script polls
 * `/v1/flows` and `/v1/flows/{id}/stats` every second and draws each flow's graph (connectors
 * and pipelines, their links), each node's event rate, errors and breaker state, and a chart
 * of throughput and latency over the last five minutes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reply } from './http.js';

const FILES: Record<string, string> = {
  '/': 'index.html',
  '/index.html': 'index.html',
  '/status.css': 'status.css',
  '/status.js': 'status.js',
};

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};

export class StatusPage {
  private readonly dir = assetsDir();
  private readonly cache = new Map<string, string>();

  /** the page's file at `urlPath`, or null */
  asset(urlPath: string): Reply | null {
    const name = FILES[urlPath];
    if (!name) return null;
    let text = this.cache.get(name);
    if (text === undefined) this.cache.set(name, (text = fs.readFileSync(path.join(this.dir, name), 'utf8')));
    return { status: 200, text, type: TYPES[name.split('.').pop() as string] };
  }
}

/** assets/status-page of the package: found above this module, built, bundled or tested */
function assetsDir(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'assets/status-page');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error('the status page (assets/status-page) is missing from the package');
  }
}
