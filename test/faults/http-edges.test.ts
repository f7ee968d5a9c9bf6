/**
 * http_server at its edges, over raw sockets so that the bytes on the wire are exactly the
 * ones under test (an HTTP library would normalise the request target or refuse to send a
 * bad Host): request targets that try to name another host, malformed Host headers, and the
 * limits on body and header sizes. Every bad request is answered, and the server goes on
 * answering the next one.
 */
import t, { type Test } from 'tap';
import net from 'node:net';
import { once } from 'node:events';
import type { PortEvent } from '../../src/connectors/connector.js';
import { httpServer, type HttpServerInstance } from '../../src/connectors/http-server.js';
import { systemClock } from '../../src/base/clock.js';
import type { Rec } from '../../src/runtime/value.js';
import { fakeContext, type FakeContext } from '../connectors/fake-context.js';
import { until } from '../until.js';

interface Answer {
  status: number;
  head: string;
  body: string;
  /** the server closed the connection */
  closed: boolean;
}

/** a started http_server that answers every request with `{"path", "url", "query"}` of its metadata */
async function echoServer(t: Test, config: Rec = {}) {
  const ctx: FakeContext = { ...fakeContext({ codec: 'json' }), clock: systemClock };
  const inst = httpServer.create(ctx, httpServer.validate({ url: 'http://127.0.0.1:0', ...config })) as HttpServerInstance;
  const events: PortEvent[] = [];
  inst.source.on('data', (pe: PortEvent) => {
    events.push(pe);
    if (pe.port !== 'out') return;
    const req = (pe.event.meta.http_server as Rec).request as Rec;
    const size = pe.event.data instanceof Uint8Array ? pe.event.data.length : typeof pe.event.data === 'string' ? pe.event.data.length : null;
    inst.sink.write({ port: 'in', event: { ...pe.event, data: { path: req.path, url: req.url, query: req.query, size } } });
  });
  await inst.start();
  t.teardown(() => void inst.sink.destroy());
  return { inst, events, ctx, port: inst.port as number };
}

/** sends `head` (and `body`) on a fresh connection; resolves with the response once the server has answered and closed */
async function raw(port: number, head: string, body?: Buffer | string): Promise<Answer> {
  const s = net.connect({ host: '127.0.0.1', port });
  await once(s, 'connect');
  let text = '';
  s.on('data', (d: Buffer) => (text += d.toString('latin1')));
  // the server may close while the body is still being sent: that is the point of a limit
  s.on('error', () => {});
  s.write(head);
  if (body !== undefined) s.write(body);
  if (!s.closed) await once(s, 'close');
  return parse(text, true);
}

function parse(text: string, closed: boolean): Answer {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  const [head, ...rest] = text.split('\r\n\r\n');
  return { status: m ? Number(m[1]) : 0, head, body: rest.join('\r\n\r\n'), closed };
}

const get = (target: string, host: string | null, extra = ''): string => `GET ${target} HTTP/1.1\r\n${host === null ? '' : `Host: ${host}\r\n`}${extra}Connection: close\r\n\r\n`;

t.test('a `//authority` request target is a path: the host comes from the Host header', async (t) => {
  const s = await echoServer(t);
  const host = `127.0.0.1:${s.port}`;
  const res = await raw(s.port, get('//evil.example/admin?x=1', host));
  t.equal(res.status, 200, res.head);
  t.same(JSON.parse(res.body), { path: '//evil.example/admin', url: `http://${host}//evil.example/admin?x=1`, query: 'x=1', size: null });
  const req = (s.events[0].event.meta.http_server as Rec).request as Rec;
  t.match(req, { path: '//evil.example/admin', url: `http://${host}//evil.example/admin?x=1` });
  t.notMatch(String(req.url), /^http:\/\/evil\.example/, 'the target never names the host');
  // backslashes and dot segments do not reach another host either
  const dots = JSON.parse((await raw(s.port, get('/..//evil.example/../admin', host))).body);
  t.equal(new URL(dots.url).host, host, `${dots.url}: still this host`);
});

t.test('absolute-form: accepted when it names the Host, else 400; never overrides the Host', async (t) => {
  const s = await echoServer(t);
  const host = `127.0.0.1:${s.port}`;
  const ok = await raw(s.port, get(`http://${host}/admin?x=1`, host));
  t.equal(ok.status, 200, ok.head);
  t.same(JSON.parse(ok.body), { path: '/admin', url: `http://${host}/admin?x=1`, query: 'x=1', size: null });
  const evil = await raw(s.port, get('http://evil.example/admin?x=1', host));
  t.equal(evil.status, 400, 'a target naming another host than Host');
  t.match(evil.body, /evil\.example/);
  t.equal((await raw(s.port, get(`http://user:pw@${host}/admin`, host))).status, 400, 'userinfo in the target');
  t.equal((await raw(s.port, get(`ftp://${host}/admin`, host))).status, 400, 'not an http(s) target');
  t.equal(s.events.length, 1, 'only the good request became an event');
});

t.test('a malformed or repeated Host, or a bad target, is a 400, not a 500', async (t) => {
  const s = await echoServer(t);
  const host = `127.0.0.1:${s.port}`;
  for (const bad of ['[::1', '[::1]x', 'a b', 'a/b', 'a@b', 'a:99999', '[zz::1]:80', 'a:b']) {
    const res = await raw(s.port, get('/', bad));
    t.equal(res.status, 400, `Host: ${bad}`);
  }
  t.equal((await raw(s.port, get('/', host, `Host: ${host}\r\n`))).status, 400, 'two Host header lines');
  t.equal((await raw(s.port, get('/a#frag', host))).status, 400, 'a fragment in the target');
  t.equal((await raw(s.port, get('a/b', host))).status, 400, 'a target that is neither a path nor a URL');
  t.equal(s.events.length, 0, 'none of them became an event');
  t.same(s.ctx.reports, [], 'answered, not crashed');
  // good hosts still work: IPv6 literal, a name, no port, an empty Host (the listener's)
  for (const good of ['[::1]:8080', 'example.com', 'EXAMPLE.com:80']) {
    const res = await raw(s.port, get('/p', good));
    t.equal(res.status, 200, `Host: ${good}`);
    t.equal(new URL(JSON.parse(res.body).url).pathname, '/p');
  }
  const empty = await raw(s.port, get('/p', ''));
  t.equal(JSON.parse(empty.body).url, `http://${host}/p`, 'an empty Host: the listener');
});

t.test('a body over `max_body_bytes` is a 413, reading stops, and the next request is answered', async (t) => {
  const s = await echoServer(t, { max_body_bytes: 1024 });
  const host = `127.0.0.1:${s.port}`;
  const post = (headers: string) => `POST /in HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/octet-stream\r\n${headers}\r\n`;
  // declared too large: answered before any of it is read
  const declared = await raw(s.port, post(`Content-Length: ${100 * 1024 * 1024}\r\n`), Buffer.alloc(64 * 1024));
  t.equal(declared.status, 413, declared.head);
  t.match(declared.head, /connection: close/i);
  // chunked, no length: counted as it comes; the server answers and closes while the client still sends
  const sock = net.connect({ host: '127.0.0.1', port: s.port });
  await once(sock, 'connect');
  let text = '';
  sock.on('data', (d: Buffer) => (text += d.toString('latin1')));
  sock.on('error', () => {});
  sock.write(post('Transfer-Encoding: chunked\r\n'));
  const chunk = `400\r\n${'x'.repeat(1024)}\r\n`;
  let sent = 0;
  const writer = async () => {
    while (!sock.destroyed && !sock.closed && !text.includes('\r\n\r\n') && sent < 100_000) {
      sent++;
      // not `once`: it rejects on the EPIPE that a refused upload ends with
      if (!sock.write(chunk)) await new Promise((r) => sock.once('drain', r).once('close', r));
    }
  };
  await writer();
  await until(t, 'the 413 and the close', () => sock.closed);
  const chunked = parse(text, true);
  t.equal(chunked.status, 413, chunked.head);
  t.ok(sent < 100_000, `the server stopped the upload (${sent} chunks of 1 KiB sent)`);
  t.equal(s.events.length, 0, 'no event for a refused body');
  // a body at the limit is fine, and the server answers as before
  const ok = await raw(s.port, post('Content-Length: 1024\r\nConnection: close\r\n'), Buffer.alloc(1024, 1));
  t.equal(ok.status, 201, ok.head);
  t.equal(JSON.parse(ok.body).size, 1024);
});

t.test('`max_body_bytes` defaults to a bound: a body over it is refused', async (t) => {
  const s = await echoServer(t);
  const limit = httpServer.validate({}).maxBodyBytes;
  t.ok(limit > 0 && limit <= 64 * 1024 * 1024, `default ${limit}`);
  const res = await raw(s.port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Length: ${limit + 1}\r\n\r\n`);
  t.equal(res.status, 413);
});

t.test('headers over `max_header_bytes` or `max_headers` are a 431', async (t) => {
  const s = await echoServer(t, { max_header_bytes: 2048, max_headers: 10 });
  const host = `127.0.0.1:${s.port}`;
  const big = await raw(s.port, get('/', host, `X-Big: ${'a'.repeat(4096)}\r\n`));
  t.equal(big.status, 431, 'one header too large');
  const many = Array.from({ length: 12 }, (_, i) => `X-H${i}: ${i}\r\n`).join('');
  const count = await raw(s.port, get('/', host, many));
  t.equal(count.status, 431, 'too many headers');
  const fine = await raw(s.port, get('/ok', host, 'X-A: 1\r\n'));
  t.equal(fine.status, 200, 'the next request is answered');
  t.equal(s.events.length, 1);
  t.match(httpServer.validate({}), { maxHeaderBytes: Number, maxHeaders: Number });
});

t.test('the limits are checked as configuration', async (t) => {
  t.throws(() => httpServer.validate({ max_body_bytes: -1 }), /`max_body_bytes`/);
  t.throws(() => httpServer.validate({ max_header_bytes: 'big' }), /`max_header_bytes`/);
  t.throws(() => httpServer.validate({ max_headers: 0 }), /`max_headers`/);
});
