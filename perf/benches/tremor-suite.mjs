// Tremor's own benchmark suite (../shared/bench: 18 troy apps around the `bench` connector), run
// unchanged through ../shared/bench/run.mjs with short durations, next to the hand-written
// parse-and-stringify loop (baselines/parse-stringify.mjs) over the same data, measured before
// and after the suite in the same run. Writes perf/results/tremor-suite.json (every bench's
// figures) and perf/results/tremor-suite.md (the table), and prints the two ratios issue #15
// asks for: passthrough-json and throughput-logging-json MB/s ÷ the loop's MB/s. This machine's
// speed drifts by ±20 % within minutes, so each ratio is the median of three rounds in which
// the bench and the loop run back to back.
//
// Options (through perf/run.mjs): --rounds N is the suite's stop_after_secs (default 4).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { median, resultsDir, root, shared } from '../lib/measure.mjs';

const RATIOS = ['passthrough-json', 'throughput-logging-json'];

function baseline(secs) {
  const data = path.join(shared, 'bench/tests/demo/data/data.json.xz');
  const r = spawnSync(process.execPath, [path.join(root, 'perf/baselines/parse-stringify.mjs'), data, '--secs', String(secs)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`baseline failed: ${r.stderr}`);
  return JSON.parse(r.stdout).mb_per_sec;
}

const fmt = (ns) => (ns === undefined ? '-' : ns >= 1e6 ? `${(ns / 1e6).toFixed(2)}ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(1)}µs` : `${ns}ns`);

export async function run({ rounds } = {}) {
  const stopAfter = rounds ?? 4;
  const before = baseline(stopAfter);
  const json = path.join(resultsDir, 'tremor-suite.raw.json');
  const args = [path.join(shared, 'bench/run.mjs'), '--tests', path.join(shared, 'bench/tests'), '--cmd', `${process.execPath} ${path.join(root, 'bin/tremor-stream.js')}`, '--warmup-secs', '1', '--stop-after-secs', String(stopAfter), '--json', json];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const summary = r.stdout.trim().split('\n').pop();
  const after = baseline(stopAfter);
  const loop = (before + after) / 2;
  const report = JSON.parse(fs.readFileSync(json, 'utf8'));
  const rows = report.benches.map((b) => ({
    bench: b.name,
    result: b.result,
    'events/s': b.report ? Math.round(b.report.events_per_s) : null,
    'MB/s': b.report ? Number(b.report.mib_per_s.toFixed(1)) : null,
    p50: fmt(b.report?.p50_ns),
    p99: fmt(b.report?.p99_ns),
  }));
  // each ratio: three rounds of the bench and the loop back to back, the median
  const ratios = {};
  const perRound = {};
  for (const name of RATIOS) {
    perRound[name] = [];
    for (let i = 0; i < 3; i++) {
      const one = path.join(resultsDir, 'tremor-suite.one.json');
      spawnSync(process.execPath, [...args.slice(0, -1), one, '--only', `^${name}$`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
      const mb = JSON.parse(fs.readFileSync(one, 'utf8')).benches[0]?.report?.mib_per_s ?? 0;
      perRound[name].push(mb / baseline(stopAfter));
    }
    ratios[name] = median(perRound[name]);
  }
  console.log(`Tremor's bench suite, warmup 1 s, stop_after ${stopAfter} s, ${os.cpus().length} cpus: ${summary}`);
  console.table(rows);
  console.log(`hand-written JSON.stringify(JSON.parse(line)) loop: ${before.toFixed(1)} MB/s before, ${after.toFixed(1)} MB/s after the suite`);
  for (const [k, v] of Object.entries(ratios)) console.log(`ratio ${k} / loop: ${v.toFixed(2)}x (median of ${perRound[k].map((x) => x.toFixed(2)).join(', ')})`);
  const md = [
    `Tremor's bench suite, ${new Date().toISOString()}, ${os.cpus().length} cpus, warmup 1 s, stop_after ${stopAfter} s: ${summary}`,
    '',
    '| bench | result | events/s | MB/s | p50 | p99 |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map((x) => `| ${x.bench} | ${x.result} | ${x['events/s']?.toLocaleString('en') ?? '-'} | ${x['MB/s'] ?? '-'} | ${x.p50} | ${x.p99} |`),
    '',
    `Hand-written parse-and-stringify loop: ${loop.toFixed(1)} MB/s (mean of before and after the suite). Ratios, median of three back-to-back rounds of bench and loop: ` +
      Object.entries(ratios)
        .map(([k, v]) => `${k} / loop = ${v.toFixed(2)}× (${perRound[k].map((x) => x.toFixed(2)).join(', ')})`)
        .join('; ') +
      '.',
  ];
  fs.writeFileSync(path.join(resultsDir, 'tremor-suite.md'), md.join('\n') + '\n');
  return { summary, loopMBps: loop, rows, ratios, rounds: perRound };
}
