import t from 'tap';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Histogram, bench, formatNs } from '../../src/connectors/bench.js';
import { ConfigError } from '../../src/connectors/connector.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { deploy } from '../../src/app/deploy.js';
import { stopwatch } from '../until.js';

const types = new Map([...connectorTypes, ['bench', bench]]);

function dataFile(t: { teardown(fn: () => void): void }, lines: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'data.json');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** bench -> pipeline -> bench, as Tremor's bench tests wire it */
function run(config: Record<string, unknown>, pipeline = 'select event from in into out', drainTimeoutMs = 5000) {
  const reports: string[] = [];
  const h = deploy(
    `define flow main flow
      define connector b from bench with codec = "json", config = ${JSON.stringify(config)} end;
      define pipeline p pipeline ${pipeline}; end;
      create connector b; create pipeline p;
      connect /connector/b to /pipeline/p;
      connect /pipeline/p to /connector/b;
    end;
    deploy flow main;`,
    { types, drainTimeoutMs, report: (m) => reports.push(String(m instanceof Error ? m.message : m)) },
  );
  return { h, reports };
}

t.test('histogram: log-linear buckets keep the requested precision', async (t) => {
  const h = new Histogram(2);
  for (let v = 1; v <= 100_000; v++) h.record(v);
  t.equal(h.count, 100_000);
  t.equal(h.max, 100_000);
  for (const [p, exact] of [
    [50, 50_000],
    [90, 90_000],
    [99, 99_000],
    [99.9, 99_900],
  ] as const) {
    const got = h.percentile(p);
    t.ok(got >= exact && (got - exact) / exact < 0.01, `p${p} = ${got}, within 1% above ${exact}`);
  }
  t.equal(h.percentile(100), 100_000, 'p100 is the maximum');
  const small = new Histogram(3);
  for (const v of [0, 1, 2, 3, 1_000_000_007, 2 ** 52]) small.record(v);
  t.equal(small.percentile(50), 2, 'small values are exact');
  t.ok(Math.abs(small.percentile(90) - 2 ** 52) / 2 ** 52 < 0.001, 'large values within 0.1% at 3 figures');
  t.equal(new Histogram().percentile(50), 0, 'empty');
  t.equal(formatNs(12_345), '12.3 µs');
  t.equal(formatNs(999), '999 ns');
  t.equal(formatNs(2_500_000_000), '2.5 s');
});

t.test('config', async (t) => {
  t.throws(() => bench.validate({}), ConfigError);
  t.throws(() => bench.validate({ path: 'x', source: 'y' }), { name: 'ConfigError', kind: 'unknown' } as { name: string });
  t.throws(() => bench.validate({ path: 'x', iters: 0 }), /`iters` must be at least 1/);
  t.throws(() => bench.validate({ path: 'x', significant_figures: 6 }), /`significant_figures` must be at most 5/);
  t.throws(() => bench.validate({ path: 'x', warmup_secs: -1 }), /non-negative number of seconds/);
  t.throws(() => bench.validate({ path: 'x', stop_after_secs: 0 }), /positive number of seconds/);
  t.same(bench.validate({ path: 'x' }), { path: 'x', iters: null, stopAfterSecs: null, warmupSecs: 0, significantFigures: 2 });
  t.same(bench.validate({ path: 'x', iters: 3, stop_after_secs: 1.5, warmup_secs: 1, significant_figures: 3 }), { path: 'x', iters: 3, stopAfterSecs: 1.5, warmupSecs: 1, significantFigures: 3 });
});

t.test('replays the file `iters` times through the flow, reports, exits 0', async (t) => {
  const file = dataFile(t, ['{"a": 1}', '{"a": 2}', '{"a": 3}', '{"a": 4}', '{"a": 5}']);
  const { h, reports } = run({ path: file, iters: 3 });
  t.equal(await h.done, 0);
  t.equal(reports.length, 1, reports.join('\n'));
  const [head, through, latency] = reports[0].split('\n');
  t.match(head, /^bench main::b: 15 events, 0\.00 MB in \d+\.\d{3} s$/);
  t.match(through, /^ {2}throughput {2}\d+\.\d events\/s {2}\d+\.\d\d MB\/s$/);
  t.match(latency, /^ {2}latency {5}p50 [\d.]+ (ns|µs|ms)  p90 [\d.]+ \S+  p99 [\d.]+ \S+  p99\.9 [\d.]+ \S+  max [\d.]+ \S+$/);
});

t.test('stop_after_secs ends an unbounded replay', async (t) => {
  const file = dataFile(t, ['1', '2', '3']);
  const since = stopwatch();
  const { h, reports } = run({ path: file, stop_after_secs: 0.2 });
  t.equal(await h.done, 0);
  const took = since();
  t.ok(took >= 180, `ran ${took} ms, not less than stop_after_secs`);
  const n = Number(/: (\d+) events/.exec(reports[0])?.[1]);
  t.ok(n > 3, `${n} events measured`);
});

t.test('events during the warmup are not measured', async (t) => {
  const file = dataFile(t, ['1', '2']);
  const { h, reports } = run({ path: file, iters: 2, warmup_secs: 60 });
  t.equal(await h.done, 0);
  t.same(reports, ['bench main::b: no events were measured']);
});

t.test('a missing file fails the deployment', async (t) => {
  // a failed start tears the flow down; a short drain bound keeps the test quick
  const { h, reports } = run({ path: path.join(os.tmpdir(), 'no-such-bench-file.json'), iters: 1 }, undefined, 100);
  t.equal(await h.done, 1);
  t.match(reports.join('\n'), /cannot read/);
});
