/**
 * The live status page (issue #17) in a real headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core; `.ci/run` installs it when missing, and the test fails — never skips —
 * without it): the page of a running deployment draws its graph, and its counters move. And
 * the tap: the events leaving a node, as server-sent events, bounded by `limit`.
 * `UPDATE_SCREENSHOT=1` writes docs/status-page.png (the README's picture).
 */
import t, { type Test } from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { deploy } from '../../src/app/deploy.js';
import { startApi } from '../../src/api/server.js';
import { probe, typesWith } from '../flow/doubles.js';
import { root } from '../root.js';

const APP = `define flow main flow
  define connector ticks from metronome with config = {"interval": 20} end;
  define connector rec from test_record;
  define pipeline classify pipeline
    select {"id": event.id, "even": event.id % 2 == 0} from in into out;
    select event from in where event.id % 5 == 0 into err;
  end;
  create connector ticks; create connector rec; create pipeline classify;
  connect /connector/ticks to /pipeline/classify;
  connect /pipeline/classify to /connector/rec;
  connect /pipeline/classify/err to /connector/rec;
end;
deploy flow main;`;

function chromium(): string {
  const found = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));
  if (!found) throw new Error("no Chromium: install Debian's chromium package (.ci/run does) or set CHROMIUM_PATH");
  return found;
}

async function running(t: Test) {
  const h = deploy(APP, { types: typesWith(probe()), stats: true });
  const api = await startApi(() => h.flows, { host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await api.close();
    await h.stop();
  });
  return { h, base: `http://127.0.0.1:${api.port}` };
}

t.test('the status page draws the running graph and its counters move', async (t) => {
  const { base } = await running(t);
  const browser = await puppeteer.launch({ executablePath: chromium(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  t.teardown(() => browser.close());
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 700 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/`);
  await page.waitForSelector('g.node[data-node="connector/ticks"]', { timeout: 120_000 });
  // the page's own code runs in the browser: these checks are given as expressions
  const q = (sel: string) => `document.querySelector(${JSON.stringify(sel)})`;
  const nodes = (await page.evaluate(`[...document.querySelectorAll('g.node')].map((g) => g.dataset.node)`)) as string[];
  t.same(nodes.sort(), ['connector/rec', 'connector/ticks', 'pipeline/classify'], 'every node of the flow is drawn');
  t.equal(await page.evaluate(`document.querySelectorAll('path.link').length`), 3, 'with its three links');
  t.equal(await page.evaluate(`${q('[data-flow="main"] .state')}.textContent`), 'running');
  const ticks = `Number(${q('g.node[data-node="connector/ticks"]')}.dataset.count)`;
  const first = (await page.evaluate(ticks)) as number;
  await page.waitForFunction(`${ticks} > ${first}`, { timeout: 120_000 });
  t.ok(((await page.evaluate(ticks)) as number) > first, 'the counter moved');
  await page.waitForFunction(`Number(${q('g.node[data-node="pipeline/classify"]')}.dataset.errors) > 0`, { timeout: 120_000 });
  t.match(await page.evaluate(`${q('g.node[data-node="pipeline/classify"] .err')}.textContent`), /^\d+ err$/, 'errors are shown');
  await page.waitForFunction(`Number(${q('#throughput')}.dataset.last) > 0`, { timeout: 120_000 });
  t.match(await page.evaluate(`${q('#summary')}.textContent`), /1 flow · \d+ events\/s into sinks/);
  if (process.env.UPDATE_SCREENSHOT === '1') {
    fs.mkdirSync(path.join(root, 'docs'), { recursive: true });
    await page.waitForFunction('Number(document.body.dataset.polls) >= 15', { timeout: 120_000 });
    await page.screenshot({ path: path.join(root, 'docs/status-page.png') });
  }
  t.same(errors, [], 'no script errors');
});

t.test('the tap: events leaving a node as server-sent events, bounded and sampled', async (t) => {
  const { base } = await running(t);
  const r = await fetch(`${base}/v1/flows/main/tap?node=pipeline/classify&port=out&limit=3&sample=2`);
  t.equal(r.status, 200);
  t.match(r.headers.get('content-type'), /text\/event-stream/);
  const text = await r.text(); // the stream ends after `limit` events
  const events = text
    .split('\n\n')
    .filter((b) => b.startsWith('data: '))
    .map((b) => JSON.parse(b.slice(6)));
  t.equal(events.length, 3);
  t.ok(
    events.every((e) => e.port === 'out' && typeof e.event.id === 'number' && typeof e.event.even === 'boolean'),
    'each with its port and payload',
  );
  t.equal(new Set(events.map((e) => e.event.id % 2)).size, 1, 'every second event (sample=2): ids of one parity');
  const none = await fetch(`${base}/v1/flows/main/tap?node=pipeline/nope`);
  t.equal(none.status, 404);
  const bad = await fetch(`${base}/v1/flows/main/tap?node=pipeline/classify&limit=0`);
  t.same([bad.status, await bad.json()], [400, { error: 'limit: a whole number from 1 to 10000' }]);
});
