// Benchmark: metronome drift and jitter at 1 ms, 10 ms and 100 ms against a naive
// `setInterval` running in the same process at the same time. Drift is how far the last
// tick is from its slot (start + n × interval); jitter is the standard deviation of each
// tick's lateness; "early" counts ticks emitted before their slot.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../lib/measure.mjs';

const { MetronomeSource } = await import(pathToFileURL(path.join(root, 'dist/connectors/metronome.js')).href);
const { systemClock } = await import(pathToFileURL(path.join(root, 'dist/base/clock.js')).href);

function stats(times, start, interval) {
  const late = times.map((t, k) => t - (start + (k + 1) * interval));
  const mean = late.reduce((a, b) => a + b, 0) / late.length;
  const sd = Math.sqrt(late.reduce((a, b) => a + (b - mean) ** 2, 0) / late.length);
  return { ticks: times.length, drift: late[late.length - 1], jitter: sd, early: late.filter((x) => x < 0).length };
}

function runBoth(interval, ticks) {
  return new Promise((resolve) => {
    const m = new MetronomeSource({ interval, catchUp: false, maxCatchUp: 1, clock: systemClock, highWaterMark: 1024 });
    const mt = [];
    const nt = [];
    const start = performance.now();
    m.on('data', () => {
      mt.push(performance.now());
      if (mt.length === ticks) m.halt();
    });
    const naive = setInterval(() => {
      nt.push(performance.now());
      if (nt.length === ticks) clearInterval(naive);
    }, interval);
    m.begin();
    const check = setInterval(() => {
      if (mt.length >= ticks && nt.length >= ticks) {
        clearInterval(check);
        resolve({ metronome: stats(mt, start, interval), setInterval: stats(nt, start, interval) });
      }
    }, 5);
  });
}

export async function run({ lines } = {}) {
  const plan = lines ? [[10, lines]] : [[1, 2000], [10, 2000], [100, 100]];
  const results = {};
  for (const [interval, ticks] of plan) {
    const r = await runBoth(interval, ticks);
    results[`${interval}ms`] = r;
    console.log(`interval ${interval} ms, ${ticks} ticks (${((interval * ticks) / 1000).toFixed(1)} s)`);
    console.table({
      metronome: { 'drift ms': r.metronome.drift.toFixed(3), 'jitter ms': r.metronome.jitter.toFixed(3), early: r.metronome.early },
      setInterval: { 'drift ms': r.setInterval.drift.toFixed(3), 'jitter ms': r.setInterval.jitter.toFixed(3), early: r.setInterval.early },
    });
    console.log(`  |drift| ratio setInterval / metronome: ${(Math.abs(r.setInterval.drift) / Math.max(0.001, Math.abs(r.metronome.drift))).toFixed(1)}x`);
  }
  return results;
}
