import t from 'tap';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { bench, benchElements, BenchSink } from '../../src/connectors/bench.js';
import { BenchHistogram } from '../../src/connectors/bench-histogram.js';
import { reportJson, reportText } from '../../src/connectors/bench-report.js';
import { ConfigError, configErrorCode } from '../../src/connectors/connector.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { deploy } from '../../src/app/deploy.js';
import { stringify } from '../../src/runtime/json.js';
import type { Value } from '../../src/runtime/value.js';
import { newEvent } from '../../src/runtime/event.js';
import { fakeContext } from './fake-context.js';
import { xzCompress } from '../../src/interceptors/compression/xz.js';

const types = new Map([...connectorTypes, ['bench', bench]]);

function dataFile(t: { teardown(fn: () => void): void }, lines: string[] | Buffer, name = 'data.json'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  writeFileSync(file, Array.isArray(lines) ? lines.join('\n') + '\n' : lines);
  return file;
}

/** bench -> pipeline -> bench, as Tremor's bench tests wire it; stdout is captured */
async function run(t: { teardown(fn: () => void): void }, config: Record<string, unknown>, pipeline = 'select event from in into out') {
  const reports: string[] = [];
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((s: string | Uint8Array) => (printed.push(String(s)), true)) as typeof process.stdout.write;
  t.teardown(() => void (process.stdout.write = write));
  const h = deploy(
    `define flow main flow
      define connector b from bench with codec = "json", config = ${JSON.stringify(config)} end;
      define pipeline p pipeline ${pipeline}; end;
      create connector b; create pipeline p;
      connect /connector/b to /pipeline/p;
      connect /pipeline/p to /connector/b;
    end;
    deploy flow main;`,
    { types, drainTimeoutMs: 2000, report: (m) => reports.push(String(m instanceof Error ? m.message : m)) },
  );
  const status = await h.done;
  process.stdout.write = write;
  return { status, reports, out: printed.join('') };
}

t.test("config: Tremor 0.12's keys, 0.13's `path`, defaults", async (t) => {
  t.same(bench.validate({ source: 'x' }), {
    source: 'x',
    interval: 0,
    chunkSize: null,
    iters: null,
    base64: false,
    isTransactional: false,
    structured: false,
    stopAfterSecs: 0,
    warmupSecs: 0,
    significantFigures: 2,
  });
  t.equal(bench.validate({ path: 'y' }).source, 'y', "0.13's name for `source`");
  t.match(bench.validate({ source: 'x', interval: 1.5, chunk_size: 10, iters: 3, base64: true, is_transactional: true, structured: true, stop_after_secs: 25, warmup_secs: 5, significant_figures: 3 }), {
    interval: 1.5,
    chunkSize: 10,
    iters: 3,
    base64: true,
    isTransactional: true,
    structured: true,
    stopAfterSecs: 25,
    warmupSecs: 5,
    significantFigures: 3,
  });
  t.equal(bench.validate({ source: 'x', significant_figures: 9 }).significantFigures, 5, 'more than 5 figures count as 5, as in Tremor');
  t.equal(bench.validate({ source: 'x', interval: null, iters: null, chunk_size: null }).interval, 0, "null is Rust's None");
  const fails = (cfg: Value, re: RegExp, code = 'D008') => {
    try {
      bench.validate(cfg);
      t.fail(`accepted ${stringify(cfg)}`);
    } catch (e) {
      t.type(e, ConfigError);
      t.match({ code: configErrorCode(e as ConfigError), message: (e as Error).message }, { code, message: re }, stringify(cfg));
    }
  };
  fails({}, /Missing configuration key `source`/);
  fails({ source: 'x', path: 'y' }, /given twice/);
  fails(
    { source: 'x', frob: 1 },
    /Unknown configuration key `frob`.*known keys: source, path, interval, chunk_size, iters, base64, is_transactional, structured, stop_after_secs, warmup_secs, significant_figures/,
    'D007',
  );
  fails({ source: 'x', interval: -1 }, /`interval` must be a non-negative number of milliseconds/);
  fails({ source: 'x', chunk_size: 0 }, /`chunk_size` must be at least 1/);
  fails({ source: 'x', iters: 1.5 }, /`iters` must be an integer/);
  fails({ source: 'x', base64: 'yes' }, /`base64` must be true or false/);
  fails({ source: 'x', is_transactional: 1 }, /`is_transactional` must be true or false/);
  fails({ source: 'x', structured: 'no' }, /`structured` must be true or false/);
  fails({ source: 'x', stop_after_secs: -1 }, /non-negative number of seconds/);
  fails({ source: 'x', warmup_secs: -1 }, /non-negative number of seconds/);
  fails({ source: 'x', significant_figures: -1 }, /`significant_figures` must be at least 0/);
  t.equal(bench.codec, 'optional', 'json by default, as Tremor');
});

t.test('elements: lines as BufReader::lines gives them, or chunks, base64-decoded on demand', async (t) => {
  const text = (bs: Buffer[]) => bs.map((b) => b.toString());
  t.same(text(benchElements(Buffer.from('a\r\nb\n\nc'), { chunkSize: null, base64: false })), ['a', 'b', '', 'c']);
  t.same(text(benchElements(Buffer.from('a\n'), { chunkSize: null, base64: false })), ['a'], 'no empty element after the last newline');
  t.same(text(benchElements(Buffer.from('abcdefg'), { chunkSize: 3, base64: false })), ['abc', 'def', 'g']);
  t.same(text(benchElements(Buffer.from('eyJhIjoxfQ==\nMg==\n'), { chunkSize: null, base64: true })), ['{"a":1}', '2']);
  t.throws(() => benchElements(Buffer.from('not base64!\n'), { chunkSize: null, base64: true }), /element 1 is not base64/);
});

t.test("histogram: the hdrhistogram crate's layout, statistics and quantile rows", async (t) => {
  const h = new BenchHistogram(2);
  t.equal(h.buckets, 30, 'bounds 1 … 10^11 at 2 figures');
  t.equal(h.subBuckets, 3968);
  const h3 = new BenchHistogram(3);
  t.same([h3.buckets, h3.subBuckets], [27, 28672]);
  for (let v = 1; v <= 100; v++) h.record(v);
  t.equal(h.total, 100);
  t.equal(h.max(), 100);
  t.equal(h.mean(), 50.5);
  t.equal(h.valueAtQuantile(0.5), 50);
  const rows = h.quantiles(2);
  t.same(
    rows.slice(0, 5).map((r) => [r.value, r.quantileTo, r.countSince]),
    [
      [1, 0, 1],
      [25, 0.25, 24],
      [50, 0.5, 25],
      [63, 0.625, 13],
      [75, 0.75, 12],
    ],
  );
  const last = rows[rows.length - 1];
  t.same([last.value, last.quantileTo], [100, 1], 'the last row is the maximum at quantile 1');
  t.equal(
    rows.reduce((n, r) => n + r.countSince, 0),
    100,
    'every value counted once',
  );
  t.notOk(h.record(2e11), 'values above 10^11 ns are refused');
  const big = new BenchHistogram(2);
  big.record(1_000_000_007);
  t.ok(big.max() >= 1_000_000_007 && big.max() < 1_000_000_007 * 1.01, 'large values within the precision');
});

t.test("the report: Tremor's text, or one JSON object", async (t) => {
  const h = new BenchHistogram(2);
  for (const v of [1000, 2000, 3000, 4000]) h.record(v);
  const text = reportText({ histogram: h, bytes: 2 * 1024 * 1024, count: 4000, runSecs: 2 });
  const lines = text.split('\n');
  t.equal(lines[0], '     Value Percentile TotalCount 1/(1-Percentile)');
  t.equal(lines[1], '');
  t.equal(lines[2], '        1003 0.00000          1           1.00', 'the highest value equivalent to 1000 at 2 figures');
  t.equal(lines[5], '        3007 0.62500          3           2.67');
  t.ok(lines.includes('        4015 1.00000          4            inf'), 'the last row at 1.00000, inf');
  t.ok(lines.includes('#[Mean       =      2503.50, StdDeviation   =      1119.60]'), "the mean of the ranges' medians");
  t.ok(lines.includes('#[Max        =         4015, Total count    =            4]'), text);
  t.ok(lines.includes('#[Buckets    =           30, SubBuckets     =         3968]'), text);
  t.ok(text.endsWith('\n\nThroughput   (data): 1.0 MB/s\nThroughput (events): 2.0k events/s\n'), text);
  const json = JSON.parse(reportJson({ histogram: h, bytes: 100, count: 4, runSecs: 2 }));
  t.match(json, { mean: 2503.5, stdev: Number, max: 4015, count: 4, buckets: 30, subbuckets: 3968, bytes: 100, throughput: { events_per_second: 2, bytes_per_second: 50 } });
  t.match(json.quantiles[0], { value: 1003, quantile: 0.25, quantile_to: 0 });
});

t.test('replays the file `iters` times through the flow, prints the report, exits 0', async (t) => {
  const file = dataFile(t, ['{"a": 1}', '{"a": 2}', '{"a": 3}', '{"a": 4}', '{"a": 5}']);
  const { status, out } = await run(t, { source: file, iters: 3 });
  t.equal(status, 0);
  t.match(out, /Value Percentile TotalCount/);
  t.match(out, /Total count {4}= +15\]/, '15 events measured');
  t.match(out, /Throughput {3}\(data\): [\d.]+ MB\/s\nThroughput \(events\): [\d.]+k events\/s/);
});

t.test('structured: the report is one JSON line', async (t) => {
  const file = dataFile(t, ['1', '2']);
  const { status, out } = await run(t, { path: file, iters: 2, structured: true });
  t.equal(status, 0);
  t.match(JSON.parse(out.trim()), { count: 4, bytes: 4, throughput: { events_per_second: Number } });
});

t.test('chunk_size and base64 decide the elements; each is decoded on its own', async (t) => {
  const file = dataFile(t, Buffer.from('MQ==MjM=', 'latin1'));
  const { status, out } = await run(t, { source: file, chunk_size: 4, base64: true, iters: 1, structured: true });
  t.equal(status, 0);
  t.match(JSON.parse(out.trim()), { count: 2, bytes: 3 }, '"1" and "23": two events, three bytes re-encoded');
});

t.test('interval spaces the events', async (t) => {
  const file = dataFile(t, ['1', '2', '3', '4']);
  const start = Date.now();
  const { status } = await run(t, { source: file, iters: 1, interval: 30 });
  t.equal(status, 0);
  t.ok(Date.now() - start >= 4 * 30 - 5, 'four waits of 30 ms before the report');
});

t.test('stop_after_secs ends an unbounded replay; the throughput divides by it', async (t) => {
  const file = dataFile(t, ['1', '2', '3']);
  const { status, out } = await run(t, { source: file, stop_after_secs: 0.2, structured: true });
  t.equal(status, 0);
  const r = JSON.parse(out.trim());
  t.ok(r.count > 3, `${r.count} events measured`);
  t.ok(Math.abs(r.throughput.events_per_second - r.count / 0.2) < 1e-6 * r.count, 'events / stop_after_secs');
});

t.test('events during the warmup are not measured', async (t) => {
  const ctx = fakeContext();
  const printed: string[] = [];
  const sink = new BenchSink(ctx, bench.validate({ source: 'x', warmup_secs: 60, structured: true }), (s) => printed.push(s));
  sink.begin(ctx.clock.now());
  sink.stopAfter({ events: 2, at: null });
  for (const i of [1, 2]) sink.write({ port: 'in', event: newEvent(i, ctx.clock.wallNs(), i) });
  sink.end();
  await new Promise((r) => sink.on('finish', r));
  t.match(JSON.parse(printed.join('')), { count: 0, bytes: 0 });
  t.same(ctx.exits, [0]);
});

t.test('an .xz file is decompressed before it is split and replayed', async (t) => {
  const lines = ['{"a":1}', '{"b":[2,3]}', '"x"'];
  const source = dataFile(t, xzCompress(Buffer.from(lines.join('\n') + '\n'), 6), 'data.json.xz');
  const { status, out } = await run(t, { path: source, iters: 2, structured: true });
  t.equal(status, 0);
  const r = JSON.parse(out.trim());
  t.equal(r.count, 6, 'every decompressed line, twice');
  t.equal(r.bytes, 2 * lines.join('').length, 'the bytes re-encoded are those of the lines');
});

t.test('a missing file, or an .xz file that is not xz, fails the deployment at start', async (t) => {
  for (const source of [path.join(os.tmpdir(), 'no-such-bench-file.json'), dataFile(t, ['1'], 'data.json.xz')]) {
    const { status, reports } = await run(t, { source, iters: 1 });
    t.equal(status, 1);
    t.match(reports.join('\n'), /cannot read/);
  }
});
