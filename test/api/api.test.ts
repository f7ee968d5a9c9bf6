/**
 * The control API against a running deployment (issue #17): Tremor's /v1 (status, flows,
 * connectors, pause and resume), /ping, /ready, /metrics in Prometheus' format, and the live
 * counts behind them. The metronome runs on a manual clock: each tick is one `advance`, so the
 * counts are exact and a pause is seen as ticks that do not get through — no sleeping.
 */
import t, { type Test } from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start } from '../faults/run-cli.js';
import { deploy } from '../../src/app/deploy.js';
import { ManualClock } from '../../src/base/clock.js';
import { apiAddress, startApi } from '../../src/api/server.js';
import { probe, sinkType, typesWith } from '../flow/doubles.js';
import { until } from '../until.js';

const APP = `define flow main flow
  define connector ticks from metronome with config = {"interval": 1000} end;
  define connector rec from test_record;
  define pipeline pass pipeline select event from in into out; end;
  create connector ticks; create connector rec; create pipeline pass;
  connect /connector/ticks to /pipeline/pass;
  connect /pipeline/pass to /connector/rec;
end;
deploy flow main;`;

async function running(t: Test) {
  const pr = probe();
  const clock = new ManualClock(1_000_000_000n);
  const h = deploy(APP, { types: typesWith(pr), clock, stats: true });
  const api = await startApi(() => h.flows, { host: '127.0.0.1', port: 0 });
  t.teardown(async () => {
    await api.close();
    await h.stop();
  });
  const base = `http://127.0.0.1:${api.port}`;
  // the metronome's first tick is one interval after it starts (its timer is the only one)
  await until(t, 'the metronome started', () => h.flows[0]?.status === 'running' && clock.pending === 1);
  clock.advance(1000);
  const get = async (path: string) => {
    const r = await fetch(base + path);
    const text = await r.text();
    return { status: r.status, text, json: r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : null };
  };
  const patch = async (path: string, body: unknown) => {
    const r = await fetch(base + path, { method: 'PATCH', body: JSON.stringify(body) });
    return { status: r.status, json: JSON.parse(await r.text()) };
  };
  return { pr, clock, h, get, patch, base };
}

t.test('ping, ready, status, flows and connectors as Tremor reports them', async (t) => {
  const { get, pr, base } = await running(t);
  t.same(await get('/ping').then((r) => [r.status, r.text]), [200, 'pong']);
  await until(t, 'the first tick', () => pr.received.length > 0);
  const ready = await get('/ready');
  t.same([ready.status, ready.json], [200, { ready: true }]);
  const status = await get('/v1/status');
  t.same([status.status, status.json], [200, { all_running: true, num_flows: 1, flows: { running: 1 } }]);
  t.same((await get('/v1/flows')).json, [{ alias: 'main', status: 'running', connectors: ['ticks', 'rec'] }]);
  t.same((await get('/v1/flows/main')).json, { alias: 'main', status: 'running', connectors: ['ticks', 'rec'] });
  const connectors = (await get('/v1/flows/main/connectors')).json;
  t.same(connectors, [
    { alias: 'ticks', type: 'metronome', status: 'running', connectivity: 'connected', pipelines: { out: [{ alias: 'pass', port: 'in' }] } },
    { alias: 'rec', type: 'test_record', status: 'running', connectivity: 'connected', pipelines: { in: [{ alias: 'pass', port: 'out' }] } },
  ]);
  const missing = await get('/v1/flows/nope');
  t.same([missing.status, missing.json], [404, { error: 'Flow nope not found' }]);
  t.equal((await get('/v1/flows/main/connectors/nope')).status, 404);
  t.equal((await get('/nowhere')).status, 404);
  t.equal((await fetch(`${base}/ping`, { method: 'POST' })).status, 405);
  const notJson = await fetch(`${base}/v1/flows/main`, { method: 'PATCH', body: '{' });
  t.same([notJson.status, await notJson.json()], [400, { error: 'the body is not JSON' }]);
});

t.test('counts, latency and Prometheus metrics move with the events', async (t) => {
  const { clock, get, pr } = await running(t);
  await until(t, 'the first tick', () => pr.received.length === 1);
  for (let i = 2; i <= 5; i++) {
    clock.advance(1000);
    await until(t, `tick ${i}`, () => pr.received.length === i);
  }
  const stats = (await get('/v1/flows/main/stats')).json;
  t.equal(stats.nodes['connector/ticks'].out.out, 5, 'five events out of the metronome');
  t.equal(stats.nodes['pipeline/pass'].in.in, 5);
  t.equal(stats.nodes['pipeline/pass'].out.out, 5);
  t.equal(stats.nodes['connector/rec'].in.in, 5);
  t.equal(stats.nodes['connector/rec'].latency_ms.count, 5, 'each arrival at the sink has a latency');
  t.same(stats.nodes['pipeline/pass'].graph, { '0 input in': { out: 5 }, '1 output out': {}, '2 output err': {}, '3 select select': { out: 5 } }, 'events leaving each node inside the pipeline');
  const metrics = await get('/metrics');
  t.equal(metrics.status, 200);
  t.match(metrics.text, /tremor_connector_events_total\{flow="main",connector="ticks",direction="out",port="out"\} 5/);
  t.match(metrics.text, /tremor_pipeline_events_total\{flow="main",pipeline="pass",direction="in",port="in"\} 5/);
  t.match(metrics.text, /tremor_connector_events_total\{flow="main",connector="rec",direction="in",port="in"\} 5/);
  t.match(metrics.text, /tremor_connector_breaker_open\{flow="main",connector="rec"\} 0/);
  t.match(metrics.text, /tremor_sink_latency_seconds\{flow="main",connector="rec",quantile="0\.99"\} [\d.e-]+/);
  t.match(metrics.text, /tremor_sink_latency_seconds_count\{flow="main",connector="rec"\} 5/);
  t.match(metrics.text, /tremor_pipeline_node_events_total\{flow="main",pipeline="pass",node="3 select select",port="out"\} 5/);
  t.match(metrics.text, /tremor_connector_reconnects_total\{flow="main",connector="rec"\} 0/);
  t.match(metrics.text, /tremor_connector_bytes_total\{flow="main",connector="rec",direction="in"\} 0/, 'bytes (none without a codec)');
  t.match(metrics.text, /process_cpu_user_seconds_total/, 'and the process metrics');
});

t.test('pause and resume: a connector, then the whole flow', async (t) => {
  const { clock, get, patch, pr, h } = await running(t);
  const outOfTicks = () => h.flows[0].stats!.node('connector/ticks').out.get('out') ?? 0;
  await until(t, 'the first tick', () => pr.received.length === 1);
  const paused = await patch('/v1/flows/main/connectors/ticks', { status: 'paused' });
  t.same([paused.status, paused.json.status], [200, 'paused']);
  // ticks keep coming from the metronome but the paused connector's events go no further
  // (its router holds the next one; the metronome's buffer takes a few, then it waits)
  for (let i = 0; i < 5; i++) clock.advance(1000);
  // counted as they leave the metronome, just before its router takes (and holds) them
  await until(t, 'more ticks out of the metronome', () => outOfTicks() >= 2);
  const before = pr.received.length;
  t.equal(h.flows[0].stats!.node('pipeline/pass').in.get('in'), 1, 'the pipeline got none of them');
  const resumed = await patch('/v1/flows/main/connectors/ticks', { status: 'running' });
  t.same([resumed.status, resumed.json.status], [200, 'running']);
  await until(t, 'the held ticks delivered after resume', () => pr.received.length > before);
  t.equal(before, 1, 'nothing got through while paused');

  const flowPaused = await patch('/v1/flows/main', { status: 'paused' });
  t.same(flowPaused.json, { alias: 'main', status: 'paused', connectors: ['ticks', 'rec'] });
  t.same((await get('/v1/status')).json, { all_running: false, num_flows: 1, flows: { paused: 1 } });
  t.equal((await get('/ready')).status, 200, 'a paused flow is still ready');
  const bad = await patch('/v1/flows/main', { status: 'stopped' });
  t.same([bad.status, bad.json], [400, { error: 'expected {"status": "paused"} or {"status": "running"}' }]);
  t.same((await patch('/v1/flows/main', { status: 'running' })).json.status, 'running');
});

t.test('--api takes [HOST:]PORT and binds loopback unless told otherwise', async (t) => {
  t.same(apiAddress('9898'), { host: '127.0.0.1', port: 9898 });
  t.same(apiAddress('0.0.0.0:9898'), { host: '0.0.0.0', port: 9898 });
  t.same(apiAddress('[::1]:80'), { host: '::1', port: 80 });
  t.throws(() => apiAddress('nine'), /--api: expected \[HOST:\]PORT/);
  t.throws(() => apiAddress('70000'), /--api/);
});

t.test('tremor-stream run --api: the API of a running process, gone when it ends', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-api-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const troy = path.join(dir, 'app.troy');
  fs.writeFileSync(
    troy,
    `define flow main flow
      define connector ticks from metronome with config = {"interval": 10} end;
      define connector out from stdio with codec = "json", postprocessors = ["separate"] end;
      define pipeline pass pipeline select event.id from in into out; end;
      create connector ticks; create connector out; create pipeline pass;
      connect /connector/ticks to /pipeline/pass; connect /pipeline/pass to /connector/out;
    end;
    deploy flow main;`,
  );
  const r = start(['run', troy, '--api', '127.0.0.1:0']);
  t.teardown(() => void r.child.kill('SIGKILL'));
  await until(t, 'the API address on stderr', () => /API on http:\/\/127\.0\.0\.1:\d+/.test(r.err()));
  const base = /API on (http:\/\/127\.0\.0\.1:\d+)/.exec(r.err())![1];
  t.equal(await (await fetch(`${base}/ping`)).text(), 'pong');
  t.same(await (await fetch(`${base}/v1/flows`)).json(), [{ alias: 'main', status: 'running', connectors: ['ticks', 'out'] }]);
  await until(t, 'events out', () => r.out().split('\n').length > 3);
  const metrics = await (await fetch(`${base}/metrics`)).text();
  t.match(metrics, /tremor_connector_events_total\{flow="main",connector="out",direction="in",port="in"\} [1-9]/);
  t.match(metrics, /tremor_connector_bytes_total\{flow="main",connector="out",direction="out"\} [1-9]/, 'bytes the stdio sink encoded');
  r.child.kill('SIGTERM');
  const { code } = await r.exited;
  t.equal(code, 0);
  await t.rejects(fetch(`${base}/ping`), 'the API is closed with the process');
  const bad = start(['run', troy, '--api', 'nowhere']);
  t.equal((await bad.exited).code, 1);
  t.match(bad.err(), /--api: expected \[HOST:\]PORT, got "nowhere"/);
});

t.test('a breaker that opens and closes again counts a reconnection', async (t) => {
  const types = typesWith(probe());
  let seen = 0;
  types.set(
    'flaky',
    sinkType('flaky', (_pe, ctx, done) => {
      // the first event finds the peer gone, then back
      if (seen++ === 0) {
        ctx.breaker?.(true);
        ctx.breaker?.(false);
      }
      done();
    }),
  );
  const clock = new ManualClock(1_000_000_000n);
  const h = deploy(APP.replace('define connector rec from test_record;', 'define connector rec from flaky;'), { types, clock, stats: true, report: () => {} });
  t.teardown(() => h.stop());
  await until(t, 'the metronome started', () => h.flows[0]?.status === 'running' && clock.pending === 1);
  clock.advance(1000);
  await until(t, 'the event through', () => seen === 1);
  t.equal(h.flows[0].stats!.node('connector/rec').reconnects, 1);
});
