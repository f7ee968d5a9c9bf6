// Benchmark (issue #16): events per second through fixtures/apps/scale-out/worker.troy with
// one process and with two sharing the durable consumer, on a real `nats-server -js` (its own,
// on a free loopback port, storage in a temporary folder), and the latency the JetStream hop
// adds (publish → the worker's output line, p50/p99).
//
// Throughput: the stream is filled with N log events first; the workers are then started on
// a fresh consumer, and the rate is measured between 10 % and 90 % of the events written (so
// start-up and the tail are not counted). Rounds alternate one and two processes.
// Latency: with one worker running, events are published one at a time, each carrying its
// publish time; the bench reads the worker's stdout as it comes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { spawn } from 'node:child_process';
import { setTimeout as pause } from 'node:timers/promises';
import { connect } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { median, root, shared } from '../lib/measure.mjs';

const cli = path.join(root, 'bin/tremor-stream.js');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startServer(dir) {
  const port = await freePort();
  const env = { ...process.env, PATH: `${process.env.PATH}:/usr/sbin` };
  const proc = spawn('nats-server', ['-js', '-sd', dir, '-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore', env });
  for (let i = 0; i < 500; i++) {
    const ok = await new Promise((r) => net.connect(port, '127.0.0.1').once('connect', function () { this.destroy(); r(true); }).once('error', () => r(false)));
    if (ok) return { port, proc };
    await pause(10);
  }
  throw new Error('nats-server did not start');
}

/** CPU seconds a process has used so far (Linux /proc; utime + stime at 100 ticks a second) */
function cpuSeconds(pid) {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** a worker app on `consumer`; `work` is its select */
function app(dir, port, consumer, work) {
  const text = fs
    .readFileSync(path.join(root, 'fixtures/apps/scale-out/worker.troy'), 'utf8')
    .replace('"127.0.0.1:4222"', `"127.0.0.1:${port}"`)
    .replace('"consumer": "workers"', `"consumer": ${JSON.stringify(consumer)}`)
    .replace(/select \{"id".*into out;/, work);
  const file = path.join(dir, `${consumer}.troy`);
  fs.writeFileSync(file, text);
  return file;
}

/**
 * starts `k` workers; resolves with the events/s between 10 % and 90 % of `n` lines written,
 * and the CPU seconds the server and the workers used meanwhile
 */
async function rate(troy, k, n, server) {
  const procs = [];
  let lines = 0;
  let t10 = 0;
  let t90 = 0;
  let cpu10 = null;
  let cpu90 = null;
  const cpu = () => ({ server: cpuSeconds(server.pid), workers: procs.reduce((a, p) => a + cpuSeconds(p.pid), 0) });
  await new Promise((resolve, reject) => {
    for (let i = 0; i < k; i++) {
      const p = spawn(process.execPath, [cli, 'run', troy], { stdio: ['ignore', 'pipe', 'inherit'] });
      p.on('exit', (code) => code !== null && code !== 0 && reject(new Error(`worker exited ${code}`)));
      p.stdout.on('data', (d) => {
        for (let j = d.indexOf(10); j >= 0; j = d.indexOf(10, j + 1)) {
          lines++;
          if (lines === Math.floor(n * 0.1)) {
            t10 = performance.now();
            cpu10 = cpu();
          }
          if (lines === Math.floor(n * 0.9)) {
            t90 = performance.now();
            cpu90 = cpu();
          }
          if (lines === n) resolve();
        }
      });
      procs.push(p);
    }
  });
  for (const p of procs) p.kill('SIGKILL');
  const secs = (t90 - t10) / 1000;
  return { rate: (n * 0.8) / secs, server: (cpu90.server - cpu10.server) / secs, workers: (cpu90.workers - cpu10.workers) / secs };
}

export async function run({ rounds = 3, lines = 100_000 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-out-'));
  const { port, proc } = await startServer(path.join(dir, 'js'));
  try {
    const nc = await connect({ servers: `127.0.0.1:${port}` });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'EVENTS', subjects: ['events.>'], storage: 'file' });
    const js = jetstream(nc);
    const logs = fs.readFileSync(path.join(shared, 'data/tremor-logs.json'), 'utf8').split('\n').filter((l) => l.trim() !== '');
    // fill the stream, a window of publications in flight
    const inflight = [];
    for (let i = 0; i < lines; i++) {
      inflight.push(js.publish(`events.${i % 8}`, logs[i % logs.length]));
      if (inflight.length >= 1000) await Promise.all(inflight.splice(0));
    }
    await Promise.all(inflight);
    // the work of query-filter-project, every event kept so that every one is counted
    const work = 'select {"app": event.application, "host": event.syslog_hostname, "n": event.aint + 1} from in into out;';
    const one = [];
    const two = [];
    for (let r = 0; r < rounds; r++) {
      one.push(await rate(app(dir, port, `one-${r}`, work), 1, lines, proc));
      two.push(await rate(app(dir, port, `two-${r}`, work), 2, lines, proc));
    }
    // latency: one worker on new messages only, events published one at a time
    const troy = app(dir, port, 'latency', 'select event from in into out;');
    fs.writeFileSync(troy, fs.readFileSync(troy, 'utf8').replace('"consumer": "latency",', '"consumer": "latency", "deliver": "new",'));
    const worker = spawn(process.execPath, [cli, 'run', troy], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lat = [];
    let buf = '';
    let outputs = 0;
    worker.stdout.setEncoding('utf8').on('data', (d) => {
      buf += d;
      let j;
      while ((j = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, j);
        buf = buf.slice(j + 1);
        outputs++;
        const sent = JSON.parse(line).sent;
        if (typeof sent === 'number') lat.push(performance.now() + performance.timeOrigin - sent);
      }
    });
    // the worker is ready once an event published now comes out
    for (let i = 0; outputs === 0; i++) {
      if (i > 400) throw new Error('the latency worker never answered');
      await js.publish('events.x', JSON.stringify({ warmup: i }));
      await pause(50);
    }
    lat.length = 0;
    const samples = 2000;
    for (let i = 0; i < samples; i++) {
      await js.publish('events.x', JSON.stringify({ sent: performance.now() + performance.timeOrigin }));
      if (i % 10 === 0) await pause(1);
    }
    while (lat.length < samples) await pause(10);
    worker.kill('SIGKILL');
    await nc.close();
    lat.sort((a, b) => a - b);
    const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))];
    const m1 = median(one.map((x) => x.rate));
    const m2 = median(two.map((x) => x.rate));
    const cores = (xs) => `server ${median(xs.map((x) => x.server)).toFixed(2)}, workers ${median(xs.map((x) => x.workers)).toFixed(2)}`;
    console.log(`scale-out on NATS JetStream, ${lines.toLocaleString('en')} events, ${rounds} alternating rounds, ${os.cpus().length} cpus`);
    console.table([
      { workers: 1, 'events/s (median)': Math.round(m1).toLocaleString('en'), rounds: one.map((x) => Math.round(x.rate)).join(', '), 'cores busy': cores(one) },
      { workers: 2, 'events/s (median)': Math.round(m2).toLocaleString('en'), rounds: two.map((x) => Math.round(x.rate)).join(', '), 'cores busy': cores(two) },
    ]);
    console.log(`two processes / one: ${(m2 / m1).toFixed(2)}x`);
    console.log(`JetStream hop (publish acked → worker output), ${samples} events: p50 ${q(0.5).toFixed(2)} ms, p99 ${q(0.99).toFixed(2)} ms`);
    return { events: lines, one, two, ratio: m2 / m1, latencyMs: { p50: q(0.5), p99: q(0.99) } };
  } finally {
    proc.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
