/**
 * Client → server pairs of one flow on loopback: tcp, udp, unix_socket, ws. The client
 * starts before the server listens, so the stream clients use their reconnect strategy.
 */
import t from 'tap';
import path from 'node:path';
import { freePort, pairFlow, runPair, str, tempDir } from './harness.js';

const input = [
  { n: 1, msg: 'one' },
  { n: 2, msg: 'two' },
  { n: 3, msg: 'three' },
  { n: 4, msg: 'ünïcödé ✓' },
];
const retry = 'reconnect = {"retry": {"interval_ms": 20, "growth_rate": 1.5, "max_retries": 20}}';
const json = 'codec = "json", preprocessors = ["separate"], postprocessors = ["separate"]';

t.test('tcp_client → tcp_server', async (t) => {
  const dir = tempDir(t, 'tcp');
  const port = await freePort();
  const r = await runPair(
    dir,
    pairFlow({
      dir,
      client: `from tcp_client with ${json}, ${retry}, config = {"url": "127.0.0.1:${port}"}`,
      server: `from tcp_server with ${json}, config = {"url": "127.0.0.1:${port}"}`,
      expect: input.length,
      receive: 'select {"got": event, "peer_is_local": $tcp_server.peer.host == "127.0.0.1"} from count into out;',
    }),
    input,
  );
  t.equal(r.status, 0, r.reports.join('\n'));
  t.same(
    r.lines,
    input.map((got) => ({ got, peer_is_local: true })),
  );
});

t.test('udp_client → udp_server', async (t) => {
  const dir = tempDir(t, 'udp');
  const port = await freePort();
  const r = await runPair(
    dir,
    pairFlow({
      dir,
      client: `from udp_client with codec = "json", config = {"url": "127.0.0.1:${port}"}`,
      server: `from udp_server with codec = "json", config = {"url": "127.0.0.1:${port}"}`,
      expect: input.length,
    }),
    input,
  );
  t.equal(r.status, 0, r.reports.join('\n'));
  // one datagram per event; loopback keeps their order
  t.same(r.lines, input);
});

t.test('unix_socket_client → unix_socket_server', async (t) => {
  const dir = tempDir(t, 'unix');
  const sock = str(path.join(dir, 'tremor.sock'));
  const r = await runPair(
    dir,
    pairFlow({
      dir,
      client: `from unix_socket_client with ${json}, ${retry}, config = {"path": ${sock}}`,
      server: `from unix_socket_server with ${json}, config = {"path": ${sock}}`,
      expect: input.length,
    }),
    input,
  );
  t.equal(r.status, 0, r.reports.join('\n'));
  t.same(r.lines, input);
});

t.test('ws_client → ws_server, text frames', async (t) => {
  const dir = tempDir(t, 'ws');
  const port = await freePort();
  const r = await runPair(
    dir,
    pairFlow({
      dir,
      client: `from ws_client with codec = "json", ${retry}, config = {"url": "ws://127.0.0.1:${port}"}`,
      server: `from ws_server with codec = "json", config = {"url": "127.0.0.1:${port}"}`,
      expect: input.length,
    }),
    input,
  );
  t.equal(r.status, 0, r.reports.join('\n'));
  t.same(r.lines, input);
});
