import t, { type Test } from 'tap';
import { Agent, request } from 'undici';
import { ConfigError, configErrorCode, type ConnectorType, type PortEvent } from '../../src/connectors/connector.js';
import { httpServer, type HttpServerInstance } from '../../src/connectors/http-server.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { deploy } from '../../src/app/deploy.js';
import { systemClock } from '../../src/base/clock.js';
import { stringify } from '../../src/runtime/json.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { settle, stopwatch, until } from '../until.js';

function ctx(codec: string | null = null): FakeContext {
  return { ...fakeContext({ codec }), clock: systemClock };
}

/** a started server whose request events are collected, and an undici agent to query it */
async function serve(t: Test, config: Rec = {}, c: FakeContext = ctx()) {
  const inst = httpServer.create(c, httpServer.validate({ url: 'http://127.0.0.1:0', ...config })) as HttpServerInstance;
  const events: PortEvent[] = [];
  const waiters: (() => void)[] = [];
  inst.source.on('data', (pe: PortEvent) => {
    events.push(pe);
    for (const w of waiters.splice(0)) w();
  });
  await inst.start();
  const agent = new Agent();
  t.teardown(async () => {
    inst.sink.destroy();
    await agent.close();
  });
  const until = async (n: number): Promise<PortEvent[]> => {
    while (events.length < n) await new Promise<void>((r) => waiters.push(r));
    return events;
  };
  const base = `http://127.0.0.1:${inst.port}`;
  const call = async (path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}) => {
    const res = await request(`${base}${path}`, { dispatcher: agent, method: (opts.method ?? 'GET') as 'GET', headers: opts.headers, body: opts.body });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  };
  /** answers with `data`, keeping the request's metadata as a pipeline would */
  const answer = (pe: PortEvent, data: Value, response?: Rec) => {
    const meta = pe.event.meta;
    if (response) (meta.http_server as Rec).response = response;
    inst.sink.write({ port: 'in', event: { ...pe.event, data, meta } });
  };
  return { inst, events, until, call, answer, base, ctx: c };
}

t.test('configuration is strict', (t) => {
  const c = httpServer.validate({ url: 'http://127.0.0.1:0' });
  t.match(c, { host: '127.0.0.1', port: 0, tls: null, timeoutMs: null });
  t.match(httpServer.validate(null), { url: 'http://localhost/', host: 'localhost', port: 80 }, "Tremor's default url");
  t.match(httpServer.validate({ url: '127.0.0.1:8080' }), { url: 'http://127.0.0.1:8080/', port: 8080 }, 'without a scheme, http is meant');
  t.same(httpServer.validate({ custom_codecs: { 'text/x-log': 'string' } }).mime['text/x-log'], { name: 'string', config: null }, "0.12's custom_codecs");
  t.same(httpServer.validate({ mime_mapping: { 'text/x-log': 'binary' } }).mime['text/x-log'], { name: 'binary', config: null }, "0.13's mime_mapping");
  t.match(httpServer.validate({ url: 'http://[::1]:8080', timeout: 5 }), { host: '::1', port: 8080, timeoutMs: 5 });
  t.equal(httpServer.validate({ url: 'http://localhost' }).port, 80);
  const fails = (cfg: Value, re: RegExp, code = 'D008') => {
    try {
      httpServer.validate(cfg);
      t.fail(`accepted ${stringify(cfg)}`);
    } catch (e) {
      t.type(e, ConfigError);
      t.match({ code: configErrorCode(e as ConfigError), message: (e as Error).message }, { code, message: re }, stringify(cfg));
    }
  };
  fails({ url: 'http://x:1', port: 1 }, /Unknown configuration key `port` for a http_server connector/, 'D007');
  fails({ url: 'tcp://x:1' }, /`url` must be an http or https URL/);
  fails({ url: 'https://x:1' }, /TLS exactly when/);
  fails({ url: 'https://x:1', tls: { cert: 'c' } }, /Missing configuration key `tls.key`/);
  fails({ url: 'http://x:1', timeout: -1 }, /`timeout`.*milliseconds/);
  fails({ url: 'http://x:1', mime_mapping: { 'a/b': 3 } }, /mime_mapping/);
  t.same([httpServer.outputs(c), httpServer.inputs(c), httpServer.codec], [['out', 'err'], ['in'], 'optional']);
  t.end();
});

t.test('a request becomes an event; its answer goes back by request id', async (t) => {
  const s = await serve(t);
  const pending = s.call('/things/1?x=1&y=two', { method: 'POST', headers: { 'content-type': 'application/json', 'x-a': 'b' }, body: '{"n":1}' });
  const [req] = await s.until(1);
  t.equal(req.port, 'out');
  t.same(req.event.data, { n: 1 });
  const meta = JSON.parse(stringify(req.event.meta));
  t.match(meta.http_server, {
    request: { method: 'POST', url: `${s.base}/things/1?x=1&y=two`, path: '/things/1', query: 'x=1&y=two', headers: { 'x-a': ['b'], 'content-type': ['application/json'] }, peer: { host: '127.0.0.1', port: Number } },
    request_id: 1,
  });
  t.equal(req.event.origin?.scheme, 'http-server');
  s.answer(req, { done: true });
  const res = await pending;
  t.equal(res.status, 201, "a POST's answer without a status: 201, as Tremor");
  t.equal(res.headers['content-type'], 'application/json');
  t.equal(res.text, '{"done":true}');
});

t.test('answers in any order; status, headers and codec from the metadata', async (t) => {
  const s = await serve(t);
  const first = s.call('/a');
  await s.until(1);
  const second = s.call('/b', { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'hi there' });
  const [a, b] = await s.until(2);
  t.equal(a.event.data, null, 'an empty body is null');
  t.equal(b.event.data, 'hi there', 'text/plain decodes as a string');
  t.equal((b.event.meta.http_server as Rec).request_id, 2);
  s.answer(b, 'created', { status: 201, headers: { 'content-type': 'text/plain', 'x-multi': ['1', '2'] } });
  const rb = await second;
  t.match(rb, { status: 201, text: 'created', headers: { 'content-type': 'text/plain', 'x-multi': ['1', '2'] } });
  s.answer(a, new Uint8Array([104, 105]), { status: 202, headers: { 'content-type': 'application/octet-stream' } });
  t.match(await first, { status: 202, text: 'hi' });
  // a second answer to the same request is dropped
  s.answer(a, 'again');
  t.match(s.ctx.reports, [/no request 1 is waiting for an answer/]);
});

t.test('a request nobody answers gets a 503 after `timeout`', async (t) => {
  const s = await serve(t, { timeout: 50 });
  const since = stopwatch();
  const res = await s.call('/slow');
  t.equal(res.status, 503);
  t.match(res.text, /No response within 50 ms/);
  t.ok(since() >= 45, 'not before the timeout');
  s.answer(s.events[0], 'late');
  t.match(s.ctx.reports, [/no request 1/]);
});

t.test("the answer's status by default: Tremor's, from the request's method", async (t) => {
  const s = await serve(t);
  const calls = [
    s.call('/g'),
    s.call('/p', { method: 'POST', body: '1', headers: { 'content-type': 'application/json' } }),
    s.call('/d', { method: 'DELETE' }),
    s.call('/u', { method: 'PUT', body: '1', headers: { 'content-type': 'application/json' } }),
  ];
  for (const req of await s.until(4)) s.answer(req, null);
  const byPath = Object.fromEntries((await Promise.all(calls)).map((r, i) => [['/g', '/p', '/d', '/u'][i], r.status]));
  t.same(byPath, { '/g': 200, '/p': 201, '/d': 204, '/u': 200 });
});

t.test('without `timeout` a request waits for its answer', async (t) => {
  const s = await serve(t, { timeout: null });
  const p = s.call('/slow');
  const [req] = await s.until(1);
  // the request is still open after pending work has run: nothing answered it meanwhile
  await settle();
  s.answer(req, 'late');
  t.equal((await p).status, 200);
});

t.test('a body that cannot be decoded goes to err and gets a 400', async (t) => {
  const s = await serve(t);
  const res = await s.call('/x', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"broken"' });
  t.equal(res.status, 400);
  t.match(res.text, /Invalid JSON/);
  const [err] = await s.until(1);
  t.equal(err.port, 'err');
  t.match(err.event.data, { error: /Invalid JSON/, data: '{"broken"' });
  t.match(err.event.meta, { http_server: { request: { path: '/x' }, request_id: 1 } });
});

t.test('a bad answer is a 500; an unlinked source answers 503 at once', async (t) => {
  const s = await serve(t);
  const p = s.call('/x');
  const [req] = await s.until(1);
  s.answer(req, 1, { status: 42 });
  t.match(await p, { status: 500, text: /status.*100 to 599/ });

  const c = ctx();
  const lone = httpServer.create(c, httpServer.validate({ url: 'http://127.0.0.1:0' })) as HttpServerInstance;
  await lone.start();
  t.teardown(() => lone.sink.destroy());
  const agent = new Agent();
  t.teardown(() => agent.close());
  const res = await request(`http://127.0.0.1:${lone.port}/`, { dispatcher: agent });
  t.equal(res.statusCode, 503);
  await res.body.dump();
});

t.test('stopping ends the source; the sink ending answers what is left with 503', async (t) => {
  const s = await serve(t);
  const p = s.call('/wait');
  await s.until(1);
  await s.inst.stop();
  await new Promise((r) => s.inst.source.once('end', r));
  s.inst.sink.end();
  t.equal((await p).status, 503);
});

t.test('end to end: http_server → pipeline → http_server', async (t) => {
  const created: HttpServerInstance[] = [];
  const spy: ConnectorType<any> = { ...httpServer, create: (c, cfg) => created[created.push(httpServer.create(c, cfg) as HttpServerInstance) - 1] };
  const types = new Map(connectorTypes).set('http_server', spy);
  const h = deploy(
    `define flow main flow
       define connector api from http_server with config = {"url": "http://127.0.0.1:0"} end;
       define pipeline answer pipeline
         select {"ok": true, "path": $http_server.request.path} from in into out;
       end;
       create connector api; create pipeline answer;
       connect /connector/api to /pipeline/answer;
       connect /pipeline/answer to /connector/api;
     end;
     deploy flow main;`,
    { types },
  );
  await until(t, 'the server listening', () => created[0]?.port != null);
  const agent = new Agent();
  t.teardown(() => agent.close());
  const ask = async (path: string) => {
    const res = await request(`http://127.0.0.1:${created[0].port}${path}`, { dispatcher: agent, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"q":1}' });
    return { status: res.statusCode, type: res.headers['content-type'], body: await res.body.json() };
  };
  t.same(await Promise.all([ask('/hello'), ask('/a/b?c=d')]), [
    { status: 201, type: 'application/json', body: { ok: true, path: '/hello' } },
    { status: 201, type: 'application/json', body: { ok: true, path: '/a/b' } },
  ]);
  t.equal(await h.stop(), 0);
});
