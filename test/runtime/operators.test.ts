/**
 * generic::batch, qos::backpressure (and generic::backpressure), qos::percentile: through
 * real queries where the behaviour shows in the output, and through the factory where it
 * lives on the Event object (the batch flag) or needs ticks.
 */
import t from 'tap';
import { compileQuery } from '../../src/lang/query/compile.js';
import { newEvent, type Event } from '../../src/runtime/event.js';
import { stringify } from '../../src/runtime/json.js';
import { Graph, type Emitted } from '../../src/pipeline/graph.js';
import { Out } from '../../src/pipeline/node.js';
import { operatorTypes } from '../../src/pipeline/operators/index.js';
import type { Value } from '../../src/runtime/value.js';
import { runQuery } from '../helpers.js';

const through = (op: string, events: string[]) =>
  runQuery(`define operator o from ${op}; create operator o; select event from in into o; select event from o into out; select {"overflow": event} from o/overflow into out;`, events);

const batchQuery = (w: string) => `define operator b from generic::batch with ${w} end; create operator b; select event from in into b; select event from b into out;`;

const entry = (value: string, ns: number, meta = '{}') => `{"data":{"value":${value},"meta":${meta},"ingest_ns":${ns},"kind":null,"is_batch":false}}`;

/** a graph fed by hand: events at chosen ingest times, ticks, end of input */
function graph(query: string) {
  const g = new Graph(compileQuery(query).plan);
  const results: Emitted[] = [];
  let id = 0;
  const out = () => results.splice(0).map((r) => stringify(r.event.data));
  return {
    send: (data: Value, ns: number) => {
      const err = g.enqueue('in', newEvent(data, ns, id++), results);
      if (err) throw err;
      return out();
    },
    tick: (ns: number) => (g.tick(BigInt(ns), results), out()),
    flush: () => (g.flush(results), out()),
  };
}

t.test('batch: one event per `count` events, in Tremor’s entry layout', (t) => {
  const r = runQuery(batchQuery('count = 2'), ['1', '{"a":"x"}', '3', '4', '5']);
  t.same(r.errors, []);
  t.same(r.out, [`[${entry('1', 0)},${entry('{"a":"x"}', 1)}]`, `[${entry('3', 2)},${entry('4', 3)}]`]);
  t.end();
});

t.test('batch: metadata travels inside the entries', (t) => {
  const q = `define script m script let $k = event; event end; create script m;
    define operator b from generic::batch with count = 1 end; create operator b;
    select event from in into m; select event from m into b; select event from b into out;`;
  t.same(runQuery(q, ['7']).out, [`[${entry('7', 0, '{"k":7}')}]`]);
  t.end();
});

t.test('batch: an event more than `timeout` after the first one closes the batch (and joins it)', (t) => {
  const g = graph(batchQuery('count = 100, timeout = 10'));
  t.same(g.send(1, 100), []);
  t.same(g.send(2, 110), [], 'exactly `timeout` later is not more than it');
  t.same(g.send(3, 111), [`[${entry('1', 100)},${entry('2', 110)},${entry('3', 111)}]`]);
  t.same(g.send(4, 200), [], 'a new batch starts with the next event');
  t.end();
});

t.test('batch: ticks flush a batch older than `timeout`, never an empty one', (t) => {
  const g = graph(batchQuery('count = 3, timeout = 1000'));
  t.same(g.tick(5000), [], 'nothing buffered');
  t.same(g.send('a', 10_000), []);
  t.same(g.tick(11_000), [], 'not older than the timeout yet');
  t.same(g.tick(11_001), [`[${entry('"a"', 10_000)}]`]);
  t.same(g.tick(50_000), [], 'the batch was emitted: nothing left');
  t.same(g.send('b', 60_000), []);
  t.same(g.send('c', 60_001), []);
  t.same(g.send('d', 60_002), [`[${entry('"b"', 60_000)},${entry('"c"', 60_001)},${entry('"d"', 60_002)}]`], 'count still applies');
  t.end();
});

t.test('batch: without a timeout ticks do nothing; end of input emits the partial batch', (t) => {
  const g = graph(batchQuery('count = 3'));
  t.same(g.send(1, 0), []);
  t.same(g.tick(10 ** 15), []);
  t.same(g.flush(), [`[${entry('1', 0)}]`]);
  t.same(g.flush(), [], 'and only once');
  t.end();
});

t.test('batch: the batch event is flagged, stamped with the first event, and nests', (t) => {
  const op = operatorTypes.get('generic::batch')!({ count: 2 }, 'b');
  const out = new Out();
  const ev = (data: Value, ns: number, id: number): Event => newEvent(data, ns, id, { m: id });
  op.event('in', ev('x', 5, 1), out);
  op.event('in', ev('y', 9, 2), out);
  t.equal(out.length, 1);
  const b = out.events[0];
  t.equal(b.batch, true);
  t.equal(b.ingestNs, 5n);
  t.equal(b.id, 1);
  t.same(b.meta, {});
  t.equal(stringify(b.data), `[${entry('"x"', 5, '{"m":1}')},${entry('"y"', 9, '{"m":2}')}]`);
  // a batch of batches says so in each entry
  const outer = operatorTypes.get('generic::batch')!({ count: 1 }, 'c');
  const out2 = new Out();
  outer.event('in', b, out2);
  t.equal(((out2.events[0].data as Value[])[0] as { data: { is_batch: boolean } }).data.is_batch, true);
  t.end();
});

t.test('batch: ingest times beyond 2^53 stay exact', (t) => {
  const op = operatorTypes.get('generic::batch')!({ count: 1 }, 'b');
  const out = new Out();
  op.event('in', newEvent(1, 1764175345123456789n, 0), out);
  t.equal(out.events[0].ingestNs, 1764175345123456789n);
  t.equal(stringify(out.events[0].data), `[${entry('1', 0).replace('"ingest_ns":0', '"ingest_ns":1764175345123456789')}]`);
  t.end();
});

t.test('batch: configuration is checked', (t) => {
  const bad = (w: string, message: RegExp) => t.throws(() => runQuery(batchQuery(w), []), { code: 'C019', message }, w);
  bad('timeout = 5', /Missing configuration key `count` for operator generic::batch/);
  bad('count = -1', /Invalid configuration for operator generic::batch: `count` must be a non-negative integer, not -1/);
  bad('count = 2.5', /`count` must be a non-negative integer/);
  bad('count = "2"', /`count` must be a non-negative integer/);
  bad('count = 2, timeout = 1.5', /`timeout` must be a non-negative integer, not 1.5/);
  bad('count = 2, size = 3', /Unknown configuration key `size` for operator generic::batch; known keys: count, timeout/);
  bad('count = 0', /Invalid configuration for operator generic::batch: `count` = 0 needs a `timeout`/);
  t.throws(() => runQuery('define operator b from generic::batch; create operator b; select event from in into b;', []), { code: 'C019', message: /Missing configuration key `count`/ });
  t.doesNotThrow(() => runQuery(batchQuery('count = 0, timeout = 10'), []), 'count 0 with a timeout batches by time only');
  t.doesNotThrow(() => runQuery(batchQuery('count = 2, timeout = null'), []), 'a null timeout is no timeout');
  t.end();
});

const bp = (op: string, w: string) => `define operator o from ${op} with ${w} end; create operator o; select event from in into o; select event from o into out; select {"overflow": event} from o/overflow into out;`;

t.test('backpressure: without a contraflow every event passes', (t) => {
  for (const op of ['qos::backpressure', 'generic::backpressure']) {
    for (const w of ['timeout = 100', 'timeout = 100, steps = [1, 10], method = "pause"', 'timeout = 0, steps = [], method = "discard"']) {
      const r = runQuery(bp(op, w), ['1', '2', '{"x":3}']);
      t.same(r.out, ['1', '2', '{"x":3}'], `${op} with ${w}: all on out, none on overflow`);
    }
  }
  t.end();
});

t.test('backpressure: configuration is checked, naming the operator as written', (t) => {
  const bad = (op: string, w: string, message: RegExp) => t.throws(() => runQuery(bp(op, w), []), { code: 'C019', message }, `${op}: ${w}`);
  bad('qos::backpressure', 'steps = [1]', /Missing configuration key `timeout` for operator qos::backpressure/);
  bad('generic::backpressure', 'steps = [1]', /Missing configuration key `timeout` for operator generic::backpressure/);
  bad('qos::backpressure', 'timeout = -1', /`timeout` must be a non-negative integer/);
  bad('qos::backpressure', 'timeout = 1.5', /`timeout` must be a non-negative integer/);
  bad('qos::backpressure', 'timeout = 1, steps = 5', /`steps` must be an array, not 5/);
  bad('qos::backpressure', 'timeout = 1, steps = [1, "2"]', /`steps\[1\]` must be a non-negative integer, not "2"/);
  bad('qos::backpressure', 'timeout = 1, method = "drop"', /`method` must be one of "discard", "pause", not "drop"/);
  bad('qos::backpressure', 'timeout = 1, circuit_breaker = true', /Unknown configuration key `circuit_breaker` for operator qos::backpressure; known keys: timeout, steps, method/);
  t.throws(() => through('qos::backpressure', []), { code: 'C019', message: /Missing configuration key `timeout`/ }, 'config is required');
  t.end();
});

const perc = (w: string) => `define operator o from qos::percentile with ${w} end; create operator o; select event from in into o; select event from o into out; select {"overflow": event} from o/overflow into out;`;

t.test('percentile: p stays 1 without a contraflow, so every ingest time passes', (t) => {
  const g = graph(perc('timeout = 100'));
  // the ratio peaks at 65534/65535 just below a multiple of 0xFFFF
  for (const ns of [0, 1, 65534, 65535, 2 * 65535 - 1]) t.same(g.send(ns, ns), [String(ns)], `ingest_ns ${ns}`);
  t.same(runQuery(perc('timeout = 1, step_down = 0.5, step_up = 1'), ['1', '2']).out, ['1', '2']);
  t.end();
});

t.test('percentile: configuration is checked', (t) => {
  const bad = (w: string, message: RegExp) => t.throws(() => runQuery(perc(w), []), { code: 'C019', message }, w);
  bad('step_up = 0.1', /Missing configuration key `timeout` for operator qos::percentile/);
  bad('timeout = -5', /`timeout` must be a non-negative integer/);
  bad('timeout = 5, step_down = "0.1"', /`step_down` must be a number/);
  bad('timeout = 5, step_up = null', /`step_up` must be a number/);
  bad('timeout = 5, steps = [1]', /Unknown configuration key `steps` for operator qos::percentile; known keys: timeout, step_down, step_up/);
  t.throws(() => through('qos::percentile', []), { code: 'C019', message: /Missing configuration key `timeout`/ }, 'config is required');
  t.end();
});

/** every operator's configuration keys; an operator registered without an entry here fails */
const OPERATOR_KEYS: Record<string, string[]> = {
  passthrough: [],
  'generic::counter': [],
  'debug::history': ['op', 'name'],
  'qos::roundrobin': ['outputs'],
  'grouper::bucket': [],
  'generic::batch': ['count', 'timeout'],
  'qos::backpressure': ['timeout', 'steps', 'method'],
  'generic::backpressure': ['timeout', 'steps', 'method'],
  'qos::percentile': ['timeout', 'step_down', 'step_up'],
};

t.test('every registered operator exposes a schema whose describe() lists its keys, each with a doc line', (t) => {
  t.same([...operatorTypes.keys()].sort(), Object.keys(OPERATOR_KEYS).sort(), 'the operators listed here are the registered ones');
  for (const [op, factory] of operatorTypes) {
    const rows = factory.config.describe();
    t.same(
      rows.map((r) => r.key),
      OPERATOR_KEYS[op],
      `${op}: its keys`,
    );
    for (const r of rows) t.match(r.doc, /\S/, `${op}.${r.key} has a doc`);
  }
  t.end();
});

for (const op of Object.keys(OPERATOR_KEYS)) {
  t.test(`${op} rejects an unknown key with C019, naming it and the known keys`, (t) => {
    const known = OPERATOR_KEYS[op].length ? `known keys: ${OPERATOR_KEYS[op].join(', ')}` : 'it takes no configuration';
    t.throws(() => operatorTypes.get(op)!({ bogus: 1 }, 'o'), { code: 'C019', message: `Unknown configuration key \`bogus\` for operator ${op}; ${known}` });
    t.end();
  });
}

t.test('roundrobin and history: configuration is checked', (t) => {
  const make = (op: string, config: Value) => () => operatorTypes.get(op)!(config, 'o');
  t.throws(make('qos::roundrobin', { outputs: [] }), { code: 'C019', message: 'Invalid configuration for operator qos::roundrobin: `outputs` must be a non-empty list of port names' });
  t.throws(make('qos::roundrobin', { outputs: ['a', 1] }), { code: 'C019', message: /`outputs\[1\]` must be a string, not 1/ });
  t.throws(make('debug::history', { op: 'x' }), { code: 'C019', message: /Missing configuration key `name` for operator debug::history/ });
  t.throws(make('debug::history', { op: 'x', name: 5 }), { code: 'C019', message: /`name` must be a string, not 5/ });
  t.throws(make('passthrough', [1]), { code: 'C019', message: 'The configuration of operator passthrough must be a record, not [1]' });
  t.end();
});
