import t, { type Test } from 'tap';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, configErrorCode, type PortEvent } from '../../src/connectors/connector.js';
import { httpClient, type HttpClientInstance } from '../../src/connectors/http-client.js';
import { systemClock } from '../../src/base/clock.js';
import { newEvent } from '../../src/runtime/event.js';
import { stringify } from '../../src/runtime/json.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { fakeContext, type FakeContext } from './fake-context.js';
import { settle, until } from '../until.js';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

type Handler = (req: Seen, res: http.ServerResponse) => void;

/** a real server on an ephemeral port that records requests and answers with `handler` */
async function server(t: Test, handler: Handler = (_r, res) => res.end()): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const srv = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const s = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
    seen.push(s);
    handler(s, res);
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  t.teardown(() => {
    srv.closeAllConnections();
    srv.close();
  });
  return { url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`, seen };
}

function ctx(codec: string | null = null): FakeContext {
  return { ...fakeContext({ codec }), clock: systemClock };
}

/** a client whose replies are collected (the source is read, as when `out` is linked) */
function client(t: Test, config: Rec, c: FakeContext = ctx()) {
  const inst = httpClient.create(c, httpClient.validate(config)) as HttpClientInstance;
  const replies: PortEvent[] = [];
  const waiters: (() => void)[] = [];
  inst.source.on('data', (pe: PortEvent) => {
    replies.push(pe);
    for (const w of waiters.splice(0)) w();
  });
  t.teardown(() => inst.sink.destroy());
  const until = async (n: number): Promise<PortEvent[]> => {
    while (replies.length < n) await new Promise<void>((r) => waiters.push(r));
    return replies;
  };
  const send = (data: Value, meta: Rec = {}, id = 0) => inst.sink.write({ port: 'in', event: newEvent(data, 0, id, meta) });
  return { inst, replies, until, send };
}

const json = (v: unknown) => JSON.parse(stringify(v as Value));

t.test('configuration is strict', (t) => {
  const c = httpClient.validate(null);
  t.match(c, { url: 'http://localhost/', method: 'POST', headers: {}, timeoutMs: null, concurrency: 4, tls: null, authorization: null });
  t.equal(httpClient.validate({ timeout: 250 }).timeoutMs, 250);
  t.equal(httpClient.validate({ url: 'localhost:8080/x' }).url, 'http://localhost:8080/x', 'without a scheme, http is meant (Tremor)');
  t.equal(httpClient.validate({ url: 'https://h' }).url, 'https://h/');
  t.equal(httpClient.validate({ concurrency: 8 }).concurrency, 8);
  t.same(c.mime['application/json'], { name: 'json', config: null });
  t.same(c.mime['text/html'], { name: 'string', config: null });
  t.same(c.mime['application/octet-stream'], { name: 'binary', config: null });
  t.match(httpClient.validate({ method: 'put', headers: { 'X-A': 'b', c: ['d', 'e'] } }), { method: 'PUT', headers: { 'x-a': ['b'], c: ['d', 'e'] } });
  t.same(httpClient.validate({ custom_codecs: { 'text/x-log': 'string' } }).mime['text/x-log'], { name: 'string', config: null }, "0.12's custom_codecs");
  t.same(httpClient.validate({ mime_mapping: { 'text/x-log': { name: 'json', config: { mode: 'sorted' } } } }).mime['text/x-log'], { name: 'json', config: { mode: 'sorted' } }, "0.13's mime_mapping");
  t.same(httpClient.validate({ custom_codecs: { 'text/x-log': 'string' } }).mime['application/json'], { name: 'json', config: null }, 'merged over the defaults');
  t.equal(httpClient.validate({ auth: { basic: { username: 'u', password: 'p' } } }).authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
  t.equal(httpClient.validate({ auth: { bearer: 'tok' } }).authorization, 'Bearer tok');
  t.equal(httpClient.validate({ auth: 'none' }).authorization, null);
  t.equal(httpClient.validate({ auth: { elastic_api_key: { id: 'badger', api_key: 'snot' } } }).authorization, 'ApiKey YmFkZ2VyOnNub3Q=', "Tremor's test vector");
  t.equal(httpClient.validate({ auth: { elasticsearchapikey: { id: 'badger', api_key: 'snot' } } }).authorization, 'ApiKey YmFkZ2VyOnNub3Q=', 'the variant name serde also reads');
  const fails = (cfg: Value, re: RegExp, code = 'D008') => {
    try {
      httpClient.validate(cfg);
      t.fail(`accepted ${stringify(cfg)}`);
    } catch (e) {
      t.type(e, ConfigError);
      t.match({ code: configErrorCode(e as ConfigError), message: (e as Error).message }, { code, message: re }, stringify(cfg));
    }
  };
  fails({ uri: 'x' }, /Unknown configuration key `uri` for a http_client connector/, 'D007');
  fails({ url: 'ftp://x' }, /`url` must be an http or https URL/);
  fails({ method: 'GE T' }, /`method`/);
  fails({ timeout: 0 }, /`timeout` must be a positive number of milliseconds/);
  fails({ concurrency: 1.5 }, /`concurrency` must be an integer/);
  fails({ headers: { a: 1 } }, /header `a`/);
  fails({ auth: 'gcp' }, /`auth`: "gcp" authorization is not available/);
  fails({ auth: { basic: { username: 'u' } } }, /`auth` must be "none"/);
  fails({ custom_codecs: {}, mime_mapping: {} }, /given twice/);
  fails({ mime_mapping: { 'text/plain': 'nope' } }, /mime_mapping.*bad codec/);
  fails({ mime_mapping: { nonsense: 'json' } }, /not a mime type/);
  fails({ tls: { ca: 'x' } }, /Unknown configuration key `tls.ca`/, 'D007');
  t.same([httpClient.outputs(c), httpClient.inputs(c), httpClient.codec], [['out', 'err'], ['in'], 'optional']);
  t.end();
});

t.test('POST with JSON both ways; response metadata and correlation', async (t) => {
  const srv = await server(t, (_r, res) => {
    res.setHeader('content-type', 'application/json');
    res.setHeader('x-reply', ['a', 'b']);
    res.end('{"got":true,"n":12345678901234567890}');
  });
  const c = client(t, { url: `${srv.url}/in`, headers: { 'x-team': 'ops' } });
  c.send({ a: [1, 2] }, { correlation: { n: 7 } });
  const [r] = await c.until(1);
  t.equal(srv.seen[0].method, 'POST');
  t.equal(srv.seen[0].url, '/in');
  t.equal(srv.seen[0].headers['content-type'], 'application/json');
  t.equal(srv.seen[0].headers['x-team'], 'ops');
  t.equal(srv.seen[0].body.toString(), '{"a":[1,2]}');
  t.equal(r.port, 'out');
  t.same(r.event.data, { got: true, n: 12345678901234567890n }, 'decoded exactly');
  const meta = json(r.event.meta);
  t.same(meta.correlation, { n: 7 });
  t.match(meta.http_client, { request: { method: 'POST', url: `${srv.url}/in`, headers: { 'x-team': ['ops'], 'content-type': ['application/json'] } }, request_id: 1, response: { status: 200 } });
  t.same(meta.http_client.response.headers['x-reply'], ['a', 'b']);
  t.same(meta.http_client.response.headers['content-type'], ['application/json']);
  t.equal(r.event.origin?.scheme, 'http_client');
});

t.test('methods, per-event overrides, bodies chosen by content type', async (t) => {
  const srv = await server(t, (s, res) => {
    const type = s.url.includes('bin') ? 'application/octet-stream' : s.url.includes('txt') ? 'text/plain; charset=utf-8' : 'application/json';
    res.setHeader('content-type', type);
    res.end(s.url.includes('json') ? '[1]' : 'hello');
  });
  const c = client(t, { url: `${srv.url}/default`, method: 'post', headers: { 'x-a': 'config', 'x-b': 'config' } });
  c.send(null, { http_client: { request: { method: 'get', url: `${srv.url}/txt` } } });
  await c.until(1);
  c.send('plain text', { http_client: { request: { method: 'PUT', url: `${srv.url}/bin`, headers: { 'content-type': 'text/plain', 'x-a': ['e1', 'e2'] } } } });
  await c.until(2);
  c.send(new Uint8Array([0, 1, 255]), { http_client: { request: { url: `${srv.url}/json`, headers: { 'Content-Type': 'application/octet-stream' } } } });
  await c.until(3);
  c.send({ k: 'v' }, { http_client: { request: { method: 'HEAD' } } });
  await c.until(4);
  const [get, put, post, head] = srv.seen;
  t.match(get, { method: 'GET', url: '/txt' });
  t.equal(get.body.length, 0, 'GET carries no body');
  t.notOk(get.headers['content-type']);
  t.match(put, { method: 'PUT', url: '/bin' });
  t.equal(put.body.toString(), 'plain text', 'string codec from text/plain: no JSON quotes');
  t.equal(put.headers['x-a'], 'e1, e2', 'the event header replaces the configured one, arrays repeat it');
  t.equal(put.headers['x-b'], 'config');
  t.same([...post.body], [0, 1, 255], 'binary codec from application/octet-stream');
  t.match(head, { method: 'HEAD', url: '/default' });
  t.same(
    c.replies.map((r) => r.event.data),
    ['hello', new Uint8Array(Buffer.from('hello')), [1], null],
    'response bodies decoded by their content type; HEAD has none',
  );
});

t.test('the codec of the connector when no content type maps; auth', async (t) => {
  const srv = await server(t, (_s, res) => res.end('some text'));
  const c = client(t, { url: srv.url, auth: { bearer: 'sesame' } }, ctx('string'));
  c.send('raw');
  const [r] = await c.until(1);
  t.equal(srv.seen[0].headers['content-type'], 'text/plain');
  t.equal(srv.seen[0].headers.authorization, 'Bearer sesame');
  t.equal(srv.seen[0].body.toString(), 'raw');
  t.equal(r.event.data, 'some text');
  t.notOk(json(r.event.meta).http_client.request.headers.authorization, 'credentials stay out of the metadata');
});

t.test('an error status is a response, not a failure', async (t) => {
  const srv = await server(t, (_s, res) => {
    res.statusCode = 404;
    res.setHeader('content-type', 'text/plain');
    res.end('not found');
  });
  const c = client(t, { url: srv.url });
  c.send(1, { correlation: 'c1' });
  const [r] = await c.until(1);
  t.equal(r.port, 'out');
  t.equal(r.event.data, 'not found');
  t.equal(json(r.event.meta).http_client.response.status, 404);
  t.equal(r.event.meta.correlation, 'c1');
});

t.test('timeouts and refused connections go to err with the request', async (t) => {
  const srv = await server(t, () => {});
  const c = client(t, { url: srv.url, timeout: 50 });
  c.send({ slow: true }, { correlation: 1 });
  const [r] = await c.until(1);
  t.equal(r.port, 'err');
  t.same(r.event.data, { error: 'The request timed out after 50 ms', event: { slow: true } });
  t.equal(r.event.meta.correlation, 1);
  t.match(json(r.event.meta), { http_client: { request: { method: 'POST', url: `${srv.url}/` } }, error: /timed out/ });

  const closed = http.createServer();
  await new Promise<void>((res) => closed.listen(0, '127.0.0.1', res));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((res) => closed.close(res));
  c.send('x', { correlation: 2, http_client: { request: { url: `http://127.0.0.1:${port}/` } } });
  const [, refused] = await c.until(2);
  t.equal(refused.port, 'err');
  t.match(refused.event.data, { error: /ECONNREFUSED/, event: 'x' });
  t.equal(refused.event.meta.correlation, 2);

  c.send('y', { http_client: { request: { url: 'not a url' } } });
  const [, , bad] = await c.until(3);
  t.match(bad.event.data, { error: /`\$http_client.request.url` must be an http or https URL/, event: 'y' });
});

t.test('a response body over `max_body_bytes` is not read: the request goes to err, the next one is answered', async (t) => {
  t.equal(httpClient.validate(null).maxBodyBytes, 16 * 1024 * 1024, 'a bound by default');
  t.throws(() => httpClient.validate({ max_body_bytes: -1 }), /`max_body_bytes`/);
  const big = Buffer.alloc(64 * 1024, 0x61);
  const srv = await server(t, (s, res) => {
    res.setHeader('content-type', 'text/plain');
    if (s.url === '/big') res.end(big);
    else if (s.url === '/chunked') {
      // no content-length: the limit is found while reading
      res.write(big.subarray(0, 1000));
      res.end(big.subarray(1000));
    } else res.end('small');
  });
  const c = client(t, { url: srv.url, max_body_bytes: 4096 });
  for (const [i, path] of ['/big', '/chunked', '/ok'].entries()) c.send(path, { correlation: i, http_client: { request: { url: `${srv.url}${path}` } } });
  const replies = await c.until(3);
  const by = (n: number) => replies.find((r) => r.event.meta.correlation === n)!;
  for (const n of [0, 1]) {
    t.equal(by(n).port, 'err', `reply ${n}`);
    t.match(by(n).event.data, { error: 'The response body is over max_body_bytes (4096 bytes)' });
  }
  t.equal(by(2).port, 'out');
  t.equal(by(2).event.data, 'small');
});

t.test('no more than `concurrency` requests in flight; the sink waits at the cap', async (t) => {
  let active = 0;
  let max = 0;
  const held: http.ServerResponse[] = [];
  const srv = await server(t, (_s, res) => {
    active++;
    max = Math.max(max, active);
    held.push(res);
  });
  const release = () => {
    for (const res of held.splice(0)) {
      active--;
      res.end('{}');
    }
  };
  const c = client(t, { url: srv.url, concurrency: 2 });
  const written: number[] = [];
  for (let i = 0; i < 6; i++) c.inst.sink.write({ port: 'in', event: newEvent(i, 0, i) }, () => written.push(i));
  await until(t, 'two requests held', () => held.length === 2);
  await settle();
  t.equal(srv.seen.length, 2, 'two requests reach the server');
  t.same(written, [0], 'the second write is held until a slot frees');
  while (c.replies.length < 6) {
    release();
    await until(t, 'the next requests or the last reply', () => held.length > 0 || c.replies.length === 6);
  }
  t.equal(max, 2);
  t.same(written, [0, 1, 2, 3, 4, 5]);
  t.same(srv.seen.map((s) => Number(s.body.toString())).sort(), [0, 1, 2, 3, 4, 5]);
});

t.test('ending the sink waits for what is in flight, then ends the replies', async (t) => {
  const srv = await server(t, (_s, res) => setTimeout(() => res.end('{"late":1}'), 50));
  const c = client(t, { url: srv.url });
  c.send(1);
  c.send(2);
  c.inst.sink.end();
  await new Promise((r) => c.inst.source.on('end', r));
  t.equal(c.replies.length, 2);
});

t.test('without a reader nothing is produced, and failures are reported', async (t) => {
  const srv = await server(t, (_s, res) => res.end('{}'));
  const fc = ctx();
  const inst = httpClient.create(fc, httpClient.validate({ url: srv.url, timeout: 1000 })) as HttpClientInstance;
  t.teardown(() => inst.sink.destroy());
  inst.sink.write({ port: 'in', event: newEvent(1, 0) });
  inst.sink.write({ port: 'in', event: newEvent(2, 0, 1, { http_client: { request: { url: 'http://127.0.0.1:1/' } } }) });
  await new Promise<void>((r) => inst.sink.end(r));
  t.equal(srv.seen.length, 1);
  t.equal(inst.source.readableLength, 0, 'no replies queued');
  t.match(fc.reports, [/main::test: POST http:\/\/127.0.0.1:1\/: .*ECONNREFUSED/]);
  await inst.stop!();
});
