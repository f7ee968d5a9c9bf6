import t from 'tap';
import { Writable } from 'node:stream';
import { ManualClock } from '../../src/base/clock.js';
import { MetronomeSource, metronome } from '../../src/connectors/metronome.js';
import { ConfigError, type PortEvent } from '../../src/connectors/connector.js';
import type { Rec } from '../../src/runtime/value.js';
import { until } from '../until.js';

const EPOCH = 1_764_000_000_000_000_000n;

/**
 * A metronome on a manual clock, read by a consumer that records when each tick was emitted
 * (from its exact ingest_ns: the manual clock's wall time is EPOCH + its own time).
 */
function setup(interval: number, opts: { lateness?: () => number; catchUp?: boolean; maxCatchUp?: number; hwm?: number } = {}) {
  const clock = new ManualClock(EPOCH, opts.lateness);
  const m = new MetronomeSource({ interval, catchUp: opts.catchUp ?? false, maxCatchUp: opts.maxCatchUp ?? 1000, clock, highWaterMark: opts.hwm ?? 16, hostname: 'test' });
  const seen: { at: number; data: Rec }[] = [];
  m.on('data', (c: PortEvent) => seen.push({ at: Number(((c.event.data as Rec).ingest_ns as bigint) - EPOCH) / 1e6, data: c.event.data as Rec }));
  /** advances the clock in steps, letting the stream deliver in between */
  const run = async (ms: number, step = 1) => {
    for (let done = 0; done < ms; done += step) {
      clock.advance(Math.min(step, ms - done));
      await new Promise((r) => setImmediate(r));
    }
  };
  return { clock, m, seen, run };
}

t.test('the first tick comes one interval after start, then every interval', async (t) => {
  const { m, seen, run } = setup(10);
  m.begin();
  await run(9.999, 9.999);
  t.equal(seen.length, 0, 'nothing before the first interval');
  await run(0.001, 0.001);
  t.equal(seen.length, 1);
  await run(90);
  t.same(
    seen.map((s) => s.at),
    [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
  );
  t.same(
    seen.map((s) => s.data.id),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  m.halt();
});

t.test('late timers do not accumulate drift and no tick is early', async (t) => {
  // every timer fires 0.7 ms late: a naive "sleep interval" would drift 0.7 ms per tick
  const { m, seen, run } = setup(10, { lateness: () => 0.7 });
  m.begin();
  await run(20_000, 5);
  t.equal(seen.length, 1999, '2000 slots in 20 s, the last not yet reached by the late timer');
  seen.forEach((s, k) => {
    const due = (k + 1) * 10;
    if (s.at < due) t.fail(`tick ${k} early: ${s.at} < ${due}`);
  });
  const drift = seen[seen.length - 1].at - 1999 * 10;
  t.ok(Math.abs(drift) <= 0.7 + 1e-9, `drift of the last tick is one timer's lateness (${drift} ms)`);
  m.halt();
});

t.test('a timer that fires early re-arms instead of emitting early', async (t) => {
  let early = true;
  const { m, seen, run } = setup(10, { lateness: () => (early ? ((early = false), -3) : 0) });
  m.begin();
  await run(7, 7);
  t.equal(seen.length, 0, 'the early timer did not emit');
  await run(3, 3);
  t.same(
    seen.map((s) => s.at),
    [10],
  );
  m.halt();
});

t.test('at 1 ms, a timer granularity of 4 ms still gives 1000 ticks per second', async (t) => {
  const { m, seen, run } = setup(1, { lateness: () => 3 });
  m.begin();
  await run(1000, 1);
  t.ok(seen.length >= 996 && seen.length <= 1000, `${seen.length} ticks in one second`);
  m.halt();
});

t.test('payload, origin and exact ingest_ns', async (t) => {
  const clock = new ManualClock(1_764_175_345_123_456_789n);
  const m = new MetronomeSource({ interval: 1000, catchUp: false, maxCatchUp: 1, clock, hostname: 'box' });
  const got: PortEvent[] = [];
  m.on('data', (c: PortEvent) => got.push(c));
  m.begin();
  clock.advance(1000);
  await new Promise((r) => setImmediate(r));
  t.same(Object.keys(got[0].event.data as Rec), ['onramp', 'id', 'ingest_ns']);
  t.equal((got[0].event.data as Rec).onramp, 'metronome');
  t.equal((got[0].event.data as Rec).ingest_ns, 1_764_175_346_123_456_789n, 'wall clock at emission, exact');
  t.same(got[0].event.origin, { scheme: 'tremor-metronome', host: 'box', port: null, path: ['1000'] });
  m.halt();
});

t.test('backpressure: missed slots are skipped, or caught up (bounded) with catch_up', async (t) => {
  for (const catchUp of [false, true]) {
    const clock = new ManualClock();
    const m = new MetronomeSource({ interval: 10, catchUp, maxCatchUp: 5, clock, highWaterMark: 2 });
    m.begin();
    clock.advance(100); // nobody reads: the buffer fills (2) and the rest is skipped or owed
    t.equal(m.readableLength, 2, 'buffer bounded by highWaterMark');
    const ids: number[] = [];
    const sink = new Writable({ objectMode: true, write: (c: PortEvent, _e, cb) => (ids.push((c.event.data as Rec).id as number), cb()) });
    m.pipe(sink);
    await new Promise((r) => setImmediate(r));
    t.same(ids, catchUp ? [0, 1, 2, 3, 4, 5, 6] : [0, 1], catchUp ? 'at most max_catch_up missed ticks, back to back' : 'missed ticks skipped');
    clock.advance(10);
    t.equal(ids.length, catchUp ? 8 : 3, 'the schedule goes on');
    m.halt();
  }
});

t.test('halt and destroy stop the timer', async (t) => {
  const { clock, m } = setup(10);
  m.begin();
  m.halt();
  t.equal(clock.pending, 0);
  const s2 = setup(10);
  s2.m.begin();
  s2.m.destroy();
  t.equal(s2.clock.pending, 0);
});

t.test('configuration is strict', async (t) => {
  t.same(metronome.validate({ interval: 1000 }), { interval: 1000, catchUp: false, maxCatchUp: 1000 });
  t.same(metronome.validate({ interval: 0.5, catch_up: true, max_catch_up: 10 }), { interval: 0.5, catchUp: true, maxCatchUp: 10 });
  for (const bad of [null, {}, { interval: 0 }, { interval: -1 }, { interval: 'x' }, { interval: 1, nope: 1 }, { interval: 1, catch_up: 1 }]) {
    t.throws(() => metronome.validate(bad as any), ConfigError, JSON.stringify(bad));
  }
});

t.test('real time: a 20 ms metronome ticks, in order, and never early', async (t) => {
  // the schedule itself (no drift, never early, skipped slots) is tested on the ManualClock
  // above; on the system clock only what a loaded machine cannot break is checked
  const { systemClock } = await import('../../src/base/clock.js');
  const m = new MetronomeSource({ interval: 20, catchUp: false, maxCatchUp: 1, clock: systemClock });
  const at: number[] = [];
  const ids: number[] = [];
  const t0 = performance.now();
  m.on('data', (c: PortEvent) => {
    at.push(performance.now());
    ids.push((c.event.data as Rec).id as number);
  });
  m.begin();
  await until(t, 'three ticks', () => at.length >= 3);
  m.halt();
  t.same(
    ids,
    ids.map((_, k) => k),
    'ids count from 0',
  );
  // on a busy machine slots may be skipped, which only makes tick k later than slot k + 1
  at.forEach((x, k) => t.ok(x - t0 >= (k + 1) * 20 - 0.01, `tick ${k} not early`));
});
