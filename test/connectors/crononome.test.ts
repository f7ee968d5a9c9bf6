import t from 'tap';
import { ManualClock, systemClock } from '../../src/base/clock.js';
import { CrononomeSource, crononome, type CronEntry } from '../../src/connectors/crononome.js';
import { ConfigError, type PortEvent } from '../../src/connectors/connector.js';
import type { Rec } from '../../src/runtime/value.js';
import { until } from '../until.js';

/** 2025-11-24T16:00:00Z, a Monday, on a whole second */
const EPOCH = 1_764_000_000_000_000_000n;
const SEC = 1_000_000_000n;
const HOUR = 3_600_000;

function setup(entries: CronEntry[], opts: { timezone?: string; epoch?: bigint; lateness?: () => number; hwm?: number; read?: boolean } = {}) {
  const clock = new ManualClock(opts.epoch ?? EPOCH, opts.lateness);
  const src = new CrononomeSource({ entries, timezone: opts.timezone ?? 'UTC', clock, hostname: 'box', highWaterMark: opts.hwm ?? 16 });
  const seen: PortEvent[] = [];
  if (opts.read !== false) src.on('data', (c: PortEvent) => seen.push(c));
  /** when each event was emitted, in ns after EPOCH */
  const at = () => seen.map((c) => (c.event.ingestNs as bigint) - EPOCH);
  const run = async (ms: number, step = ms) => {
    for (let done = 0; done < ms; done += step) {
      clock.advance(Math.min(step, ms - done));
      await new Promise((r) => setImmediate(r));
    }
  };
  return { clock, src, seen, at, run };
}

t.test('every second: fires exactly at each second boundary, never before', async (t) => {
  const { src, at, run } = setup([{ name: 'tick', expr: '* * * * * *' }]);
  src.begin();
  await run(999.999);
  t.same(at(), [], 'nothing before the first boundary');
  await run(0.001);
  t.same(at(), [SEC]);
  await run(4000, 250);
  t.same(
    at(),
    [1n, 2n, 3n, 4n, 5n].map((s) => s * SEC),
  );
  src.halt();
});

t.test('payload, metadata, origin, ids', async (t) => {
  const { src, seen, run } = setup([
    { name: 'test', expr: '* * * * * *', payload: { snot: 'badger' } },
    { name: 'bare', expr: '*/2 * * * * *' },
  ]);
  src.begin();
  await run(2000, 1000);
  t.same(
    seen.map((c) => c.event.data),
    [
      { onramp: 'crononome', id: 0, ingest_ns: EPOCH + SEC, trigger: { name: 'test', payload: { snot: 'badger' } } },
      { onramp: 'crononome', id: 1, ingest_ns: EPOCH + 2n * SEC, trigger: { name: 'test', payload: { snot: 'badger' } } },
      { onramp: 'crononome', id: 2, ingest_ns: EPOCH + 2n * SEC, trigger: { name: 'bare' } },
    ],
    'entries due together fire in configuration order; no payload key without a payload',
  );
  t.notOk('payload' in ((seen[2].event.data as Rec).trigger as Rec));
  t.same(seen[0].event.meta, { crononome: { trigger: 'test' } });
  t.same(seen[2].event.origin, { scheme: 'tremor-crononome', host: 'box', port: null, path: ['bare'] });
  t.equal(seen[1].event.id, 1);
  t.not((seen[0].event.data as Rec).trigger, (seen[1].event.data as Rec).trigger, 'each event has its own copy of the payload');
  src.halt();
});

t.test('a start between seconds waits for the next boundary', async (t) => {
  const { src, at, run } = setup([{ name: 'x', expr: '*/10 * * * * *' }], { epoch: EPOCH + 3_300_000_000n });
  src.begin();
  await run(6699);
  t.same(at(), []);
  await run(1);
  t.same(at(), [3_300_000_000n + 6_700_000_000n], 'at :10');
  await run(10_000);
  t.same(at().length, 2);
  src.halt();
});

t.test('late timers fire late by their lateness only; early timers re-arm', async (t) => {
  const late = setup([{ name: 'x', expr: '* * * * * *' }], { lateness: () => 0.7 });
  late.src.begin();
  await late.run(10_000, 100);
  t.same(
    late.at(),
    Array.from({ length: 9 }, (_, k) => BigInt(k + 1) * SEC + 700_000n),
    'each 0.7 ms late, no drift',
  );
  late.src.halt();
  let early = true;
  const e = setup([{ name: 'x', expr: '* * * * * *' }], { lateness: () => (early ? ((early = false), -3) : 0) });
  e.src.begin();
  await e.run(997);
  t.same(e.at(), [], 'the early timer did not emit');
  await e.run(3);
  t.same(e.at(), [SEC]);
  e.src.halt();
});

t.test('timezones: the expression is read in the configured zone', async (t) => {
  // 09:00 in New York is 14:00 UTC in November (EST), 22 h after the epoch's 16:00 UTC
  const ny = setup([{ name: 'nine', expr: '0 0 9 * * *' }], { timezone: 'America/New_York' });
  ny.src.begin();
  await ny.run(22 * HOUR - 1);
  t.same(ny.at(), []);
  await ny.run(1);
  t.same(ny.at(), [22n * 3600n * SEC]);
  ny.src.halt();
  const utc = setup([{ name: 'nine', expr: '0 0 9 * * *' }]);
  utc.src.begin();
  await utc.run(17 * HOUR);
  t.same(utc.at(), [17n * 3600n * SEC], 'UTC by default');
  utc.src.halt();
});

t.test("the cron crate's weekdays: 1 is Sunday, and day-of-month AND day-of-week", async (t) => {
  const sun = setup([{ name: 'sun', expr: '0 0 0 * * 1' }]);
  sun.src.begin();
  await sun.run(5 * 24 * HOUR + 8 * HOUR);
  t.same(sun.at(), [(5n * 24n + 8n) * 3600n * SEC], 'Sunday 2025-11-30 00:00 UTC');
  sun.src.halt();
  // the 1st of a month that is a Tuesday: not before 2026-09-01 (OR would fire on Tuesday 25th)
  const and = setup([{ name: 'and', expr: '0 0 0 1 * Tue' }]);
  and.src.begin();
  await and.run(10 * 24 * HOUR, HOUR);
  t.same(and.at(), [], 'neither Tuesday 2025-11-25 nor Monday 2025-12-01');
  and.src.halt();
});

t.test('the source ends when no entry has a future occurrence', async (t) => {
  const past = setup([{ name: 'old', expr: '0 0 0 1 1 * 2020' }]);
  const ended = new Promise((r) => past.src.on('end', r));
  past.src.begin();
  await ended;
  t.same(past.at(), [], 'a schedule in the past ends at once');
  const once = setup([{ name: 'once', expr: '30 0 16 24 11 * 2025' }]);
  const done = new Promise((r) => once.src.on('end', r));
  once.src.begin();
  await once.run(31_000, 1000);
  await done;
  t.same(once.at(), [30n * SEC], 'a single occurrence, then the end');
  t.equal(once.clock.pending, 0, 'no timer left');
});

t.test('a full consumer: occurrences are skipped, not queued', async (t) => {
  const { src, run } = setup([{ name: 'x', expr: '* * * * * *' }], { hwm: 2, read: false });
  src.begin();
  await run(5000, 1000);
  t.equal(src.readableLength, 2, 'two buffered, three skipped');
  const a = src.read() as PortEvent;
  const b = src.read() as PortEvent;
  t.same([a.event.id, b.event.id], [0, 1]);
  await run(1000);
  const c = src.read() as PortEvent;
  t.equal(c.event.id, 2, 'ids stay contiguous');
  t.equal(c.event.ingestNs, EPOCH + 6n * SEC, 'the next occurrence after reading again');
  src.halt();
});

t.test('halt ends the stream and clears the timer', async (t) => {
  const { src, clock } = setup([{ name: 'x', expr: '* * * * * *' }]);
  src.begin();
  t.equal(clock.pending, 1);
  const ended = new Promise((r) => src.on('end', r));
  src.halt();
  await ended;
  t.equal(clock.pending, 0);
});

t.test('configuration errors', async (t) => {
  const v = (c: unknown) => crononome.validate(c as never);
  t.throws(() => v(null), ConfigError);
  t.throws(() => v({ entries: 'x' }), /`entries` must be an array/);
  t.throws(() => v({ entries: [], tz: 'UTC' }), { name: 'ConfigError', kind: 'unknown' } as { name: string });
  t.throws(() => v({ entries: [{ name: 'a', expr: '* * * * * *', when: 1 }] }), /Unknown key `when` in crononome entry 0/);
  t.throws(() => v({ entries: [{ expr: '* * * * * *' }] }), /`name` of crononome entry 0/);
  t.throws(() => v({ entries: [{ name: 'five', expr: '*/5 * * * *' }] }), /5-field expression .*seconds field first.*"0 \*\/5 \* \* \* \*"/);
  t.throws(() => v({ entries: [{ name: 'many', expr: '* * * * * * * *' }] }), /has 8 fields/);
  t.throws(() => v({ entries: [{ name: 'bad', expr: '61 * * * * *' }] }), /invalid expression "61 \* \* \* \* \*"/);
  t.throws(() => v({ entries: [{ name: 'bad', expr: 'every minute please ok thanks bye' }] }), /invalid expression/);
  t.throws(() => v({ entries: [{ name: 'sun0', expr: '0 0 0 * * 0' }] }), /invalid expression/, 'weekday 0 does not exist in the cron crate');
  t.throws(() => v({ entries: [], timezone: 'Mars/Olympus' }), /not a known IANA time zone/);
  const ok = v({
    entries: [
      { name: 'a', expr: '@hourly', payload: [1] },
      { name: 'b', expr: '0 0/5 * * * *' },
    ],
    timezone: 'Europe/Berlin',
  });
  t.same(ok, {
    entries: [
      { name: 'a', expr: '@hourly', payload: [1] },
      { name: 'b', expr: '0 0/5 * * * *' },
    ],
    timezone: 'Europe/Berlin',
  });
});

t.test('real time: the every-second entry fires at all, and never before the boundary', async (t) => {
  // firing on the boundary, late only by the timer's lateness, is tested on the ManualClock
  // above; on the system clock only what a loaded machine cannot break is checked
  const src = new CrononomeSource({ entries: [{ name: 'rt', expr: '* * * * * *' }], timezone: 'UTC', clock: systemClock });
  const started = systemClock.wallNs();
  const fired: bigint[] = [];
  src.on('data', (c: PortEvent) => fired.push(c.event.ingestNs as bigint));
  src.begin();
  await until(t, 'the first firing', () => fired.length >= 1);
  src.halt();
  const boundary = (started / SEC + 1n) * SEC;
  t.ok(fired[0] >= boundary, `fired ${Number(fired[0] - boundary) / 1e6} ms after the first second boundary after start`);
});
