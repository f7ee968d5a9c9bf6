/**
 * aggr::stats::hdr and aggr::stats::dds: Tremor's own expected values on small inputs,
 * accuracy against exact percentiles on large random ones, merges (tilt frames) that must
 * equal accumulating everything in one place, and what both ignore.
 */
import t from 'tap';
import { stats } from '../../src/std/aggr/stats.js';
import type { Accumulator } from '../../src/std/aggr/registry.js';
import { highestAt, indexOf } from '../../src/std/aggr/hdr.js';
import { stringify } from '../../src/runtime/json.js';
import { FloatBox, toF64, type Rec, type Value } from '../../src/runtime/value.js';
import { runQuery } from '../helpers.js';
import { random as rng } from '../random.js';

const fill = (name: 'hdr' | 'dds', values: Value[], ps?: string[]): Accumulator => {
  const a = stats[name].init();
  for (const v of values) a.accumulate(ps ? [v, ps] : [v]);
  return a;
};
const json = (a: Accumulator) => stringify(a.emit());
const num = (v: Value) => toF64(v as number);
const PS = ['0.5', '0.9', '0.95', '0.99', '0.999', '0.9999'];
const oneTo100 = Array.from({ length: 100 }, (_, i) => i + 1);

t.test('hdr: Tremor’s expected statistics for 1..100, directly and after a merge', (t) => {
  const expected = '{"count":100,"min":1,"max":100,"mean":50.5,"stdev":28.86607004772212,"var":833.25,' + '"percentiles":{"0.5":50,"0.9":90,"0.95":95,"0.99":99,"0.999":100,"0.9999":100}}';
  const a = fill('hdr', oneTo100, PS);
  t.equal(json(a), expected);
  const b = stats.hdr.init();
  b.merge(a);
  t.equal(json(b), expected, 'an empty accumulator takes the percentiles and values it merges');
  const e = fill('hdr', [2, 4]).emit() as Rec;
  t.type(e.mean, FloatBox, 'mean is a float even when integral');
  t.equal(e.count, 2, 'count is an integer');
  t.end();
});

t.test('hdr: empty, and the default percentiles', (t) => {
  t.equal(json(stats.hdr.init()), '{"count":0,"min":0,"max":0,"mean":0.0,"stdev":0.0,"var":0.0,' + '"percentiles":{"0.5":0,"0.9":0,"0.95":0,"0.99":0,"0.999":0,"0.9999":0,"0.99999":0}}');
  t.end();
});

t.test('hdr: negatives and non-numbers are ignored, floats truncated, values bucketed', (t) => {
  const a = fill('hdr', [-1, 'x', null, [1], 7.9, -0.5, 1234], ['0.5', '1']);
  const e = a.emit() as Rec;
  t.equal(e.count, 2);
  t.equal(e.min, 7);
  // 1234 has 2 significant digits of resolution: its bucket [1232, 1240) reports 1239
  t.equal(e.max, 1239);
  t.same(e.percentiles, { '0.5': 7, '1': 1239 });
  t.end();
});

t.test('hdr: values beyond 2^53 stay exact integers', (t) => {
  const e = fill('hdr', [2n ** 60n, 2n ** 64n - 1n, 3]).emit() as Rec;
  t.equal(e.max, 2n ** 64n - 1n, 'u64::MAX is its own highest equivalent');
  t.equal((e.percentiles as Rec)['0.5'], 2n ** 60n + 2n ** 53n - 1n, 'a bucket 2^53 wide at 2^60');
  t.equal(e.min, 3);
  t.end();
});

t.test('percentile lists: a bad entry is an error and the next event tries again', (t) => {
  for (const name of ['hdr', 'dds'] as const) {
    const a = stats[name].init();
    t.throws(() => a.accumulate([1, ['snot', '0.9']]), { code: 'R010', message: `Runtime error in function stats::${name}/2: Provided percentile 'snot' isn't a float: invalid float literal` });
    a.accumulate([1, ['0.5', 7, '1e-1']]);
    t.same(Object.keys((a.emit() as Rec).percentiles as Rec), ['0.5', '1e-1'], `${name}: non-strings skipped, strings kept verbatim`);
    a.accumulate([2, ['0.75']]);
    t.same(Object.keys((a.emit() as Rec).percentiles as Rec), ['0.5', '1e-1'], `${name}: fixed by the first accumulation`);
  }
  t.end();
});

t.test('hdr: every percentile is the highest equivalent of the exact order statistic', (t) => {
  const r = rng(7);
  const values = Array.from({ length: 50_000 }, () => Math.floor(r() ** 3 * 5_000_000));
  const sorted = values.slice().sort((x, y) => x - y);
  const ps = ['0.01', '0.1', '0.25', '0.5', '0.75', '0.9', '0.99', '0.999', '1'];
  const e = fill('hdr', values, ps).emit() as Rec;
  for (const p of ps) {
    const exact = sorted[Math.max(1, Math.ceil(((Number(p) * 100) / 100) * values.length)) - 1];
    const got = num((e.percentiles as Rec)[p]);
    t.equal(got, highestAt(indexOf(exact)), `p${p}`);
    t.ok(got >= exact && got <= exact * (1 + 1 / 128) + 1, `p${p} within 2 significant digits: ${got} vs ${exact}`);
  }
  t.equal(e.count, values.length);
  t.equal(e.max, highestAt(indexOf(sorted[sorted.length - 1])));
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  t.ok(Math.abs(num(e.mean) - mean) / mean < 0.01, 'mean within 1%');
  t.end();
});

t.test('dds: Tremor’s expected statistics for 1..100, directly and after a merge', (t) => {
  const expected = '{"count":100,"sum":5050.0,"min":1.0,"max":100.0,"mean":50.5,' + '"percentiles":{"0.5":50.0,"0.9":89.2,"0.95":94.7,"0.99":98.6,"0.999":98.6,"0.9999":98.6}}';
  const a = fill('dds', oneTo100, PS);
  t.equal(json(a), expected);
  const b = stats.dds.init();
  b.merge(a);
  t.equal(json(b), expected);
  t.end();
});

t.test('dds: all zeros when empty; negatives and non-numbers ignored', (t) => {
  t.equal(json(stats.dds.init()), '{"count":0,"sum":0.0,"min":0.0,"max":0.0,"mean":0.0,' + '"percentiles":{"0.5":0.0,"0.9":0.0,"0.95":0.0,"0.99":0.0,"0.999":0.0,"0.9999":0.0,"0.99999":0.0}}');
  t.equal(json(fill('dds', [-3, 'x', true, 2.5], ['0.5'])), '{"count":1,"sum":2.5,"min":2.5,"max":2.5,"mean":2.5,"percentiles":{"0.5":2.5}}');
  t.throws(() => fill('dds', [1], ['1.5']).emit(), { code: 'R010', message: "Runtime error in function stats::dds/2: Unable to calculate percentile '1.5'" });
  t.end();
});

t.test('dds: percentiles within 1% (plus the rounding up to 0.1) of the exact ones', (t) => {
  const r = rng(11);
  const values = Array.from({ length: 40_000 }, () => Math.exp(r() * 16 - 4)); // 0.018 .. 160000
  const sorted = values.slice().sort((x, y) => x - y);
  const ps = ['0.05', '0.25', '0.5', '0.75', '0.9', '0.99', '0.999'];
  const e = fill('dds', values, ps).emit() as Rec;
  for (const p of ps) {
    const exact = sorted[Math.trunc(Number(p) * (values.length - 1) + 1) - 1];
    const got = num((e.percentiles as Rec)[p]);
    t.ok(Math.abs(got - exact) <= 0.01 * exact + 0.1, `p${p}: ${got} vs ${exact}`);
    t.ok(got * 10 === Math.round(got * 10), 'one decimal place');
  }
  t.equal(num(e.min), sorted[0]);
  t.equal(num(e.max), sorted[sorted.length - 1]);
  t.end();
});

t.test('merging equals accumulating everything, whatever mix of buffer and sketch', (t) => {
  const r = rng(3);
  // integers, so that sums are exact whatever the order of addition
  const gen = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 1_000_000));
  const small = gen(100); // stays a raw buffer
  const large = gen(9000); // becomes a sketch at 8192
  const mid = gen(8150); // small + mid overflow the buffer only when merged
  const cases: [string, number[][]][] = [
    ['buffer + buffer', [small, small.slice(0, 50)]],
    ['buffer + buffer over 8192', [mid, small]],
    ['buffer + sketch', [small, large]],
    ['sketch + buffer', [large, small]],
    ['sketch + sketch', [large, gen(10000)]],
    ['three levels', [small, large, mid]],
  ];
  for (const name of ['hdr', 'dds'] as const) {
    for (const [label, parts] of cases) {
      const merged = fill(name, parts[0], ['0.1', '0.5', '0.99']);
      for (const p of parts.slice(1)) merged.merge(fill(name, p));
      t.equal(json(merged), json(fill(name, parts.flat(), ['0.1', '0.5', '0.99'])), `${name}: ${label}`);
    }
  }
  t.end();
});

t.test('dds: key spans over 2048 bins collapse the lowest keys, high quantiles stay accurate', (t) => {
  const values = [0, 0, 1e-6, ...Array.from({ length: 100 }, (_, i) => 1e9 + i * 1e6)];
  const e = fill('dds', values, ['0.5', '0.99']).emit() as Rec;
  t.equal(e.count, 103);
  t.ok(Math.abs(num((e.percentiles as Rec)['0.99']) - 1.098e9) < 0.01 * 1.098e9);
  const a = fill('dds', [1e9, 2e9]);
  a.merge(fill('dds', [0, 1, 1e-5]));
  t.equal((a.emit() as Rec).count, 5, 'a merge across collapsed windows keeps every count');
  t.end();
});

t.test('in a query: hdr and dds per window, and merged across tilt frames', (t) => {
  const q = `
    define window two from tumbling with size = 2 end;
    define window four from tumbling with size = 2 end;
    select {"w": window, "h": aggr::stats::hdr(event, ["0.5", "0.999"]), "d": aggr::stats::dds(event, ["0.5"])}
    from in[two, four] into out;`;
  const r = runQuery(q, ['1', '300', '-1', '"x"', '5', '7']);
  t.same(r.errors, []);
  const h = (c: number, min: number, max: number, mean: string, sd: string, v: string, p50: number, p999: number) =>
    `{"count":${c},"min":${min},"max":${max},"mean":${mean},"stdev":${sd},"var":${v},"percentiles":{"0.5":${p50},"0.999":${p999}}}`;
  const d = (c: number, sum: string, min: string, max: string, mean: string, p50: string) => `{"count":${c},"sum":${sum},"min":${min},"max":${max},"mean":${mean},"percentiles":{"0.5":${p50}}}`;
  t.same(r.out, [
    // 300 is counted in its bucket [300, 302): reported as 301, midpoint 301 for the mean
    `{"w":"two","h":${h(2, 1, 301, '151.0', '150.0', '22500.0', 1, 301)},"d":${d(2, '301.0', '1.0', '300.0', '150.5', '1.0')}}`,
    // -1 and "x" are ignored: the window closes with nothing recorded
    `{"w":"two","h":${h(0, 0, 0, '0.0', '0.0', '0.0', 0, 0)},"d":${d(0, '0.0', '0.0', '0.0', '0.0', '0.0')}}`,
    // the second level merges both frames of the first
    `{"w":"four","h":${h(2, 1, 301, '151.0', '150.0', '22500.0', 1, 301)},"d":${d(2, '301.0', '1.0', '300.0', '150.5', '1.0')}}`,
    // dds reports 5 as its bin's estimate (within 1% above) rounded up: 5.1
    `{"w":"two","h":${h(2, 5, 7, '6.0', '1.0', '1.0', 5, 7)},"d":${d(2, '12.0', '5.0', '7.0', '6.0', '5.1')}}`,
  ]);
  t.end();
});
