/**
 * The demonstration app fixtures/apps/guaranteed-delivery: a wal in front of an http_client
 * whose endpoint is down when the app starts. The breaker opens (reported), the endpoint comes
 * up, the breaker closes, and the endpoint ends up with every event, in order; the app ends by
 * itself once everything is acknowledged.
 */
import t from 'tap';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { root } from '../root.js';
import { until } from '../until.js';
import { freePort } from '../free-port.js';

const app = path.join(root, 'fixtures/apps/guaranteed-delivery');

t.test('the endpoint is down at first: nothing is lost, the breaker opens and closes', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-gd-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const port = await freePort();
  const troy = fs.readFileSync(path.join(app, 'main.troy'), 'utf8').replace('http://127.0.0.1:8139/', `http://127.0.0.1:${port}/`).replace('fixtures/apps/guaranteed-delivery/events.json', path.join(app, 'events.json'));
  t.not(troy.indexOf(String(port)), -1);
  fs.writeFileSync(path.join(dir, 'main.troy'), troy);

  const child = spawn(process.execPath, [path.join(root, 'bin/tremor-stream.js'), 'run', 'main.troy'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let exit: number | null = null;
  let exited = false;
  child.stderr.on('data', (d) => (stderr += d));
  child.on('exit', (code) => {
    exit = code;
    exited = true;
  });

  await until(t, 'the breaker to open', () => /circuit open/.test(stderr) || exited);
  t.notOk(exited, stderr);
  const received: number[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      received.push(JSON.parse(body).n);
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  t.teardown(() => server.close());

  await until(t, 'the app to end', () => exited);
  t.equal(exit, 0, stderr);
  t.match(stderr, /log: event 0 failed: circuit open, sending again from event 0 in 100 ms/);
  t.match(stderr, /circuit closed: sending again from event 0/);
  // at least once: requests already under way when the breaker opened may arrive before the
  // events sent again, so only the set is checked (the app ends only once all are acked)
  t.same(
    [...new Set(received)].sort((a, b) => a - b),
    Array.from({ length: 20 }, (_, n) => n),
    'every event reached the endpoint',
  );
  t.notOk(fs.existsSync(path.join(dir, 'guaranteed-delivery.wal', '00000001.wal')), 'the log stayed in one chunk');
});
