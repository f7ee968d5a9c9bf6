/**
 * http_client → http_server in one flow: every line of in.json is POSTed, the server's
 * pipeline answers with what it received and how, and the client's responses are recorded.
 */
import t from 'tap';
import { freePort, pairFlow, runPair, tempDir } from './harness.js';

t.test('http_client → http_server → response, with request and response metadata', async (t) => {
  const dir = tempDir(t, 'http');
  const port = await freePort();
  const input = [{ n: 1 }, { n: 2 }, { n: 3, tags: ['a', 'b'] }];
  const r = await runPair(
    dir,
    pairFlow({
      dir,
      client: `from http_client with codec = "json", config = {"url": "http://127.0.0.1:${port}/ingest", "method": "POST", "headers": {"x-test": "yes"}}`,
      server: `from http_server with codec = "json", config = {"url": "http://127.0.0.1:${port}"}`,
      reply: `select {
          "echo": event,
          "method": $http_server.request.method,
          "path": $http_server.request.path,
          "x_test": $http_server.request.headers["x-test"][0]
        } from in into out;`,
      receiveFrom: 'client',
      receive: 'select {"status": $http_client.response.status, "body": event} from count into out;',
      expect: input.length,
    }),
    input,
  );
  t.equal(r.status, 0, r.reports.join('\n'));
  // requests run concurrently: compare in input order
  const lines = (r.lines as { status: number; body: { echo: { n: number } } }[]).sort((a, b) => a.body.echo.n - b.body.echo.n);
  t.same(
    lines,
    // an answer without a status gets Tremor's default: 201 for a POST
    input.map((echo) => ({ status: 201, body: { echo, method: 'POST', path: '/ingest', x_test: 'yes' } })),
  );
});

t.test('http_client: a refused connection goes to err with the request payload', async (t) => {
  const dir = tempDir(t, 'http-err');
  const port = await freePort();
  const input = [{ n: 1 }];
  const r = await runPair(
    dir,
    pairFlow({
      dir,
      client: `from http_client with codec = "json", config = {"url": "http://127.0.0.1:${port}/nobody", "timeout": 2000}`,
      // nothing listens on `port`: the "server" here is only a placeholder source
      server: `from metronome with config = {"interval": 100000}`,
      receiveFrom: 'client/err',
      receive: 'select event from count into out;',
      expect: 1,
    }),
    input,
  );
  t.equal(r.status, 0, r.reports.join('\n'));
  t.equal(r.lines.length, 1);
  const [e] = r.lines as { error: string; event: unknown }[];
  t.same(e.event, { n: 1 });
  t.match(e.error, /ECONNREFUSED|refused/i);
});
