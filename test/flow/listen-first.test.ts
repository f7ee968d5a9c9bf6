/**
 * A server and its client in one flow: servers listen before anything starts, so the client
 * connects at its first try (nothing refused, nothing reported), while the server's source
 * still starts reading only once the sinks have started (what connects early is held).
 */
import t from 'tap';
import { deploy } from '../../src/app/deploy.js';
import { probe, typesWith } from './doubles.js';
import { until } from '../until.js';
import { freePort } from '../free-port.js';

t.test('a client created before its server connects at once', async (t) => {
  const p = probe();
  const port = await freePort();
  const reports: string[] = [];
  // the client (a sink) is created first and sinks start before sources: without listening
  // first, its connection would be refused and retried after a second, with a report
  const h = deploy(
    `define flow main flow
      define connector client from tcp_client with codec = "json", postprocessors = ["separate"], config = {"url": "127.0.0.1:${port}"}, reconnect = {"retry": {"interval_ms": 60000, "max_retries": 1}} end;
      define connector server from tcp_server with codec = "json", preprocessors = ["separate"], config = {"url": "127.0.0.1:${port}"} end;
      define connector src from test_count with config = {"n": 3} end;
      define connector rec from test_record;
      define pipeline pass pipeline select event from in into out; end;
      create connector client; create connector server; create connector src; create connector rec;
      create pipeline a from pass; create pipeline b from pass;
      connect /connector/src to /pipeline/a;
      connect /pipeline/a to /connector/client;
      connect /connector/server to /pipeline/b;
      connect /pipeline/b to /connector/rec;
    end;
    deploy flow main;`,
    { types: typesWith(p), report: (m) => reports.push(String(m instanceof Error ? m.message : m)) },
  );
  await until(t, 'the three events went through the server', () => p.received.length === 3);
  t.same(p.received, [0, 1, 2]);
  t.same(reports, [], 'no refused connection, no breaker opened');
  h.stop();
  await h.done;
});
