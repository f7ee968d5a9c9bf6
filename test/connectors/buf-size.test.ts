/**
 * `buf_size` of the stream connectors (tcp_server, tcp_client, unix_socket_server,
 * unix_socket_client): as Tremor reads a stream into a buffer of `buf_size` bytes, each read
 * hands at most that many bytes to the preprocessors — so without `separate`, a longer
 * message comes out as several events.
 */
import t, { type Test } from 'tap';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ConnectorInstance, ConnectorType } from '../../src/connectors/connector.js';
import { tcpClient, tcpServer, type ListeningInstance } from '../../src/connectors/tcp.js';
import { unixSocketClient, unixSocketServer } from '../../src/connectors/unix.js';
import type { Value } from '../../src/runtime/value.js';
import { fakeContext } from './fake-context.js';
import { collect, until } from './wait.js';

function create<I extends ConnectorInstance>(t: Test, type: ConnectorType<any>, config: Value): I {
  const inst = type.create(fakeContext({ codec: 'string' }), type.validate(config)) as I;
  t.teardown(() => {
    inst.source?.destroy();
    inst.sink?.destroy();
  });
  return inst;
}

const MESSAGE = 'abcdefghij';

/** what comes out of a source for MESSAGE once all of it has arrived */
async function pieces(t: Test, source: NodeJS.ReadableStream): Promise<string[]> {
  const got = collect(source);
  await until(t, 'the whole message', () => got.map((pe) => pe.event.data).join('') === MESSAGE);
  return got.map((pe) => pe.event.data as string);
}

t.test('tcp_server: reads of at most buf_size bytes', async (t) => {
  const srv = create<ListeningInstance>(t, tcpServer, { url: '127.0.0.1:0', buf_size: 4 });
  await srv.start!();
  const out = pieces(t, srv.source!);
  const c = net.connect({ host: '127.0.0.1', port: srv.port });
  t.teardown(() => void c.destroy());
  await once(c, 'connect');
  c.write(MESSAGE);
  const got = await out;
  t.ok(
    got.every((p) => p.length <= 4),
    `no event over 4 bytes: ${JSON.stringify(got)}`,
  );
  t.ok(got.length >= 3, 'a 10-byte message is at least three events');
});

t.test('tcp_client: reads of at most buf_size bytes; the default (8192) keeps it whole', async (t) => {
  for (const [bufSize, whole] of [
    [3, false],
    [8192, true],
  ] as const) {
    const server = net.createServer((s) => s.end(MESSAGE));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    t.teardown(() => void server.close());
    const { port } = server.address() as net.AddressInfo;
    const cli = create(t, tcpClient, bufSize === 8192 ? { url: `127.0.0.1:${port}` } : { url: `127.0.0.1:${port}`, buf_size: bufSize });
    const out = pieces(t, cli.source!);
    await cli.start!();
    const got = await out;
    if (whole) t.same(got, [MESSAGE], 'one read, one event');
    else t.ok(got.length >= 4 && got.every((p) => p.length <= 3), `pieces of at most 3 bytes: ${JSON.stringify(got)}`);
  }
});

t.test('unix_socket_server and unix_socket_client: reads of at most buf_size bytes', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buf-size-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const srvPath = path.join(dir, 'srv.sock');
  const srv = create(t, unixSocketServer, { path: srvPath, buf_size: 4 });
  await srv.start!();
  const out = pieces(t, srv.source!);
  const c = net.connect({ path: srvPath });
  t.teardown(() => void c.destroy());
  await once(c, 'connect');
  c.write(MESSAGE);
  const got = await out;
  t.ok(got.length >= 3 && got.every((p) => p.length <= 4), `server: ${JSON.stringify(got)}`);

  const cliPath = path.join(dir, 'cli.sock');
  const server = net.createServer((s) => s.end(MESSAGE));
  server.listen(cliPath);
  await once(server, 'listening');
  t.teardown(() => void server.close());
  const cli = create(t, unixSocketClient, { path: cliPath, buf_size: 5 });
  const cliOut = pieces(t, cli.source!);
  await cli.start!();
  const gotCli = await cliOut;
  t.ok(gotCli.length >= 2 && gotCli.every((p) => p.length <= 5), `client: ${JSON.stringify(gotCli)}`);
});
