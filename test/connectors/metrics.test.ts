/**
 * Tremor's internal metrics: the `metrics` connector (custom metrics in, the channel out),
 * connector counts every `metrics_interval_s` and pipeline counts by `#!config
 * metrics_interval_s`, driven by a ManualClock; and a deployment delivering both.
 */
import t from 'tap';
import { deploy } from '../../src/app/deploy.js';
import { ManualClock } from '../../src/base/clock.js';
import type { ConnectorInstance, PortEvent } from '../../src/connectors/connector.js';
import { metrics, isMetric } from '../../src/connectors/metrics.js';
import { MetricsBus } from '../../src/connectors/metrics-bus.js';
import { compileDeployment } from '../../src/deploy/compile.js';
import { ConnectorMetrics, PipelineMetrics } from '../../src/flow/metrics.js';
import { newEvent } from '../../src/runtime/event.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { probe, typesWith } from '../flow/doubles.js';
import { until } from '../until.js';
import { fakeContext } from './fake-context.js';

const heard = (bus: MetricsBus): Value[] => {
  const got: Value[] = [];
  bus.subscribe((m) => got.push(m));
  return got;
};

t.test('the connector: custom metrics in, every metric of the channel out', async (t) => {
  const bus = new MetricsBus();
  const ctx = { ...fakeContext({ codec: null }), metrics: bus };
  const inst = metrics.create(ctx, metrics.validate(null)) as Required<Pick<ConnectorInstance, 'source' | 'sink' | 'start' | 'stop'>>;
  const got: PortEvent[] = [];
  inst.source.on('data', (c: PortEvent) => got.push(c));
  await inst.start();
  const m = { measurement: 'm', tags: { a: 'b' }, fields: { v: 1 }, timestamp: 5 };
  inst.sink.write({ port: 'in', event: newEvent(m, 0n, 0, {}, { scheme: 'x', host: 'h', port: null, path: [] }) });
  inst.sink.write({ port: 'in', event: newEvent({ measurement: 'm', tags: {} }, 0n) });
  bus.publish({ measurement: 'sys', tags: {}, fields: { count: 1 }, timestamp: 1 });
  await until(t, 'two metrics', () => got.length === 2);
  t.same(
    got.map((c) => c.event.data),
    [m, { measurement: 'sys', tags: {}, fields: { count: 1 }, timestamp: 1 }],
  );
  t.equal(got[0].event.origin?.scheme, 'x', 'a custom metric keeps its origin');
  t.equal(got[1].event.origin?.scheme, 'tremor-metrics');
  await until(t, 'the bad one reported', () => ctx.reports.length === 1);
  t.same(ctx.reports, ['main::test: Invalid Metrics data']);
  await inst.stop();
  await until(t, 'the source ends', () => inst.source.readableEnded);
  t.throws(() => metrics.validate({ x: 1 } as Value), /x/, 'no configuration keys');
});

t.test('the metric format check is Tremor’s', async (t) => {
  t.ok(isMetric({ measurement: 'a', tags: {}, fields: {}, timestamp: 1n }));
  t.notOk(isMetric({ measurement: 'a', tags: {}, fields: {}, timestamp: 1.5 }));
  t.notOk(isMetric({ measurement: 1, tags: {}, fields: {}, timestamp: 1 }));
  t.notOk(isMetric({ measurement: 'a', tags: [], fields: {}, timestamp: 1 }));
});

t.test('connector counts: at start, then every interval, cumulative', async (t) => {
  const bus = new MetricsBus();
  const got = heard(bus);
  const clock = new ManualClock(1_000_000_000n);
  const r = new ConnectorMetrics(bus, clock, 'main', 'src', 3, { source: true, sink: true });
  r.start();
  t.same(got, [
    { measurement: 'connector_events', tags: { flow: 'main', connector: 'main::src', port: 'out' }, fields: { count: 0 }, timestamp: 1_000_000_000n },
    { measurement: 'connector_events', tags: { flow: 'main', connector: 'main::src', port: 'err' }, fields: { count: 0 }, timestamp: 1_000_000_000n },
    { measurement: 'connector_events', tags: { flow: 'main', connector: 'main::src', port: 'in' }, fields: { count: 0 }, timestamp: 1_000_000_000n },
  ]);
  r.count('out');
  r.count('out');
  r.count('in');
  clock.advance(2999);
  t.equal(got.length, 3, 'nothing before the interval');
  clock.advance(1);
  t.same(
    got.slice(3).map((m) => [((m as Rec).tags as Rec).port, ((m as Rec).fields as Rec).count, (m as Rec).timestamp]),
    [
      ['out', 2, 4_000_000_000n],
      ['err', 0, 4_000_000_000n],
      ['in', 1, 4_000_000_000n],
    ],
  );
  r.stop();
  clock.advance(10_000);
  t.equal(got.length, 6, 'stopped');
});

t.test('pipeline counts: lazily, when an event comes more than the interval after the last report', async (t) => {
  const bus = new MetricsBus();
  const got = heard(bus);
  const p = new PipelineMetrics(bus, 'main::p', 3);
  const BASE = 1_700_000_000_000_000_000n;
  const at = (s: number) => newEvent(null, BASE + BigInt(s) * 1_000_000_000n);
  p.arriving('in', at(1));
  t.same(got, [], 'the first event reports, but nothing was counted yet');
  p.left('out');
  p.arriving('in', at(4));
  t.same(got, [], 'exactly the interval later: not yet');
  p.left('out');
  p.arriving('in', at(5));
  t.same(got, [
    { measurement: 'events', tags: { pipeline: 'main::p', node: 'in', direction: 'output', port: 'out' }, fields: { count: 2 }, timestamp: BASE + 5_000_000_000n },
    { measurement: 'events', tags: { pipeline: 'main::p', node: 'out', direction: 'input', port: 'in' }, fields: { count: 2 }, timestamp: BASE + 5_000_000_000n },
  ]);
});

t.test('`#!config metrics_interval_s` of a pipeline reaches the plan', async (t) => {
  const { plan } = compileDeployment(`define flow main flow
    define pipeline p pipeline #!config metrics_interval_s = 2
      select event from in into out; end;
    define pipeline q pipeline select event from in into out; end;
    create pipeline p; create pipeline q;
  end;
  deploy flow main;`);
  t.same(
    plan.flows[0].pipelines.map((p) => [p.alias, p.metricsIntervalS]),
    [
      ['p', 2],
      ['q', null],
    ],
  );
});

t.test('a deployment: connector and pipeline counts reach the metrics connector', async (t) => {
  const pr = probe();
  const clock = new ManualClock(1_000_000_000n);
  const h = deploy(
    `define flow main flow
      use tremor::connectors;
      define connector tick from metronome with metrics_interval_s = 2, config = {"interval": 1000} end;
      define connector dst from discard with metrics_interval_s = 2 end;
      define connector rec from test_record;
      define pipeline p pipeline #!config metrics_interval_s = 2
        select event from in into out; end;
      define pipeline pass pipeline select event from in into out; end;
      create connector tick; create connector dst; create connector rec;
      create connector metrics from connectors::metrics;
      create pipeline p; create pipeline pass;
      connect /connector/tick to /pipeline/p;
      connect /pipeline/p to /connector/dst;
      connect /connector/metrics to /pipeline/pass;
      connect /pipeline/pass to /connector/rec;
    end;
    deploy flow main;`,
    { types: typesWith(pr), clock },
  );
  const find = (tags: Rec) => pr.received.filter((m) => Object.entries(tags).every(([k, v]) => ((m as Rec).tags as Rec)[k] === v)).map((m) => ((m as Rec).fields as Rec).count);
  await until(t, 'the first connector reports', () => find({ connector: 'main::tick', port: 'out' }).length === 1);
  for (let i = 0; i < 7; i++) {
    clock.advance(1000);
    await until(t, `tick ${i} through`, () => find({ connector: 'main::dst', port: 'in' }).length >= Math.floor((i + 1) / 2) + 1);
  }
  // a report falls due with a tick (2 s, 4 s, …) and runs first (its timer was set first):
  // it counts the ticks before it, cumulatively
  t.same(find({ connector: 'main::tick', port: 'out' }).slice(0, 4), [0, 1, 3, 5], 'the source counts every 2 s');
  t.same(find({ connector: 'main::dst', port: 'in' }).slice(0, 4), [0, 1, 3, 5], 'the sink too');
  t.same(find({ connector: 'main::tick', port: 'err' }).slice(0, 2), [0, 0]);
  t.ok(find({ pipeline: 'main::p', node: 'out' }).length > 0, 'the pipeline reports');
  t.same(find({ pipeline: 'main::pass' }), [], 'a pipeline without the directive does not');
  await h.stop();
});
