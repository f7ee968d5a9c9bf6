/**
 * A `nats-server` of the test's own on a free loopback port (never a fixed one: other test
 * files and other runs share the machine). It is started, waited for until it accepts TCP
 * connections, and killed in teardown. When it cannot be started (not installed: Debian's
 * `nats-server` package) the test fails — it is never skipped.
 */
import type { Test } from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as pause } from 'node:timers/promises';
import { DEADLINE_MS } from '../until.js';
import { freePort } from '../free-port.js';
import type { ConnectorContext, ConnectorInstance } from '../../src/connectors/connector.js';
import { natsConnector } from '../../src/connectors/nats.js';
import type { Value } from '../../src/runtime/value.js';

export interface NatsServer {
  port: number;
  /** "127.0.0.1:<port>", for `hosts` */
  host: string;
  /** the monitoring port (`-m`), when asked for */
  monitor: number | null;
  /** kills the server (as a crash would: SIGKILL) */
  kill(): Promise<void>;
  /** starts it again on the same port, with the same arguments */
  restart(): Promise<void>;
}

export { freePort };

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** starts `nats-server -a 127.0.0.1 -p PORT [args]`; `monitor` adds an HTTP monitoring port */
export async function natsServer(t: Test, opts: { args?: string[]; monitor?: boolean } = {}): Promise<NatsServer> {
  const port = await freePort();
  const monitor = opts.monitor ? await freePort() : null;
  const args = ['-a', '127.0.0.1', '-p', String(port), ...(monitor ? ['-m', String(monitor)] : []), ...(opts.args ?? [])];
  let proc: ChildProcess | null = null;

  const start = async () => {
    let stderr = '';
    let failure: Error | null = null;
    // Debian installs it in /usr/sbin, which a user's PATH may lack
    const env = { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/usr/local/sbin` };
    const p = spawn('nats-server', args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    p.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    p.on('error', (e) => (failure = e));
    proc = p;
    const end = performance.now() + DEADLINE_MS;
    for (;;) {
      if (failure) throw new Error(`cannot start nats-server (install Debian's nats-server package): ${(failure as Error).message}`);
      if (p.exitCode !== null || p.signalCode !== null) throw new Error(`nats-server ${args.join(' ')} exited (${p.exitCode ?? p.signalCode}): ${stderr}`);
      if (await accepts(port)) return;
      if (performance.now() > end) throw new Error(`nats-server did not accept connections on port ${port}: ${stderr}`);
      await pause(5);
    }
  };

  // a test process that ends without its teardown (a timeout, process.exit) takes it along
  const onExit = () => void proc?.kill('SIGKILL');
  process.on('exit', onExit);

  const kill = async () => {
    const p = proc;
    proc = null;
    process.off('exit', onExit);
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = once(p, 'exit');
    p.kill('SIGKILL');
    await exited;
  };

  t.teardown(kill);
  await start();
  const restart = async () => {
    process.on('exit', onExit);
    await start();
  };
  return { port, host: `127.0.0.1:${port}`, monitor, kill, restart };
}

/** a nats connector instance, torn down with the test */
export function nats(t: Test, ctx: ConnectorContext, config: Value): ConnectorInstance {
  const inst = natsConnector.create(ctx, natsConnector.validate(config));
  t.teardown(() => {
    inst.source?.destroy();
    inst.sink?.destroy();
  });
  return inst;
}
