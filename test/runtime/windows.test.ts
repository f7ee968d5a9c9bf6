import t from 'tap';
import { compileQuery } from '../../src/lang/query/compile.js';
import { Graph, type Emitted } from '../../src/pipeline/graph.js';
import { newEvent } from '../../src/runtime/event.js';
import { stringify } from '../../src/runtime/json.js';
import type { Value } from '../../src/runtime/value.js';

function graph(q: string) {
  const g = new Graph(compileQuery(q).plan);
  const out: Emitted[] = [];
  let i = 0;
  return {
    send: (v: Value, ts: number | bigint = i) => {
      const err = g.enqueue('in', newEvent(v, ts, i++), out);
      if (err) throw err;
    },
    tick: (ns: bigint) => g.tick(ns, out),
    flush: () => g.flush(out),
    take: () => out.splice(0).map((r) => stringify(r.event.data)),
  };
}

t.test('time windows close on ticks, so a quiet stream still emits', (t) => {
  const g = graph('define window w from tumbling with interval = 100 end; select aggr::stats::count() from in[w] into out;');
  g.send(1, 1000n);
  g.send(2, 1050n);
  t.same(g.take(), []);
  g.tick(1099n);
  t.same(g.take(), [], 'not before the window is over');
  g.tick(1100n);
  t.same(g.take(), ['2'], 'the tick at the window end closes it');
  g.tick(5000n);
  t.same(g.take(), [], 'an empty window emits nothing by default');
  t.end();
});

t.test('emit_empty_windows emits closed windows without data on ticks', (t) => {
  const g = graph('define window w from tumbling with interval = 100, emit_empty_windows = true end; select {"n": aggr::stats::count(), "g": group[0]} from in[w] group by event into out;');
  g.send('a', 0n);
  g.tick(100n);
  t.same(g.take(), ['{"n":1,"g":"a"}']);
  g.tick(200n);
  t.same(g.take(), ['{"n":0,"g":"a"}'], 'the next window, empty');
  t.end();
});

t.test('end of input flushes open windows (batch mode)', (t) => {
  const g = graph('define window w from tumbling with size = 10 end; select aggr::win::collect_flattened(event) from in[w] into out;');
  for (const v of [1, 2, 3]) g.send(v);
  t.same(g.take(), []);
  g.flush();
  t.same(g.take(), ['[1,2,3]']);
  t.end();
});

t.test('on_max_groups = "evict" bounds memory: the least recently used group is flushed, nothing lost', (t) => {
  const g = graph('define window w from tumbling with size = 1000, max_groups = 3, on_max_groups = "evict" end; select {"k": group[0], "n": aggr::stats::count()} from in[w] group by event.k into out;');
  for (const k of ['a', 'b', 'c', 'a']) g.send({ k });
  t.same(g.take(), [], 'three groups fit');
  g.send({ k: 'd' });
  t.same(g.take(), ['{"k":"b","n":1}'], 'b was the least recently used: flushed to make room');
  // a high-cardinality stream never holds more than max_groups groups
  for (let i = 0; i < 10_000; i++) g.send({ k: `k${i}` });
  const flushed = g.take().length;
  t.equal(flushed, 10_000 + 4 - 3 - 1, 'every evicted group emitted its window');
  g.flush();
  t.equal(g.take().length, 3, 'and exactly max_groups were left');
  t.end();
});

t.test('on_max_groups = "evict" bounds sliding windows the same way (one shared group table)', (t) => {
  const g = graph('define window w from sliding with size = 4, slide = 2, max_groups = 2, on_max_groups = "evict" end; select {"k": group[0], "n": aggr::stats::count()} from in[w] group by event.k into out;');
  for (const k of ['a', 'b', 'a']) g.send({ k });
  t.same(g.take(), ['{"k":"a","n":2}'], "a's first pane is full");
  g.send({ k: 'c' });
  t.same(g.take(), ['{"k":"b","n":1}'], 'b was the least recently used: its open pane flushed to make room');
  g.send({ k: 'a' });
  t.same(g.take(), [], "a's second pane is open");
  g.flush();
  t.same(g.take(), ['{"k":"c","n":1}', '{"k":"a","n":3}'], 'exactly max_groups were left, least recently used first');
  t.end();
});

t.test('win::cardinality counts live groups', (t) => {
  const g = graph('use std::win; define window w from tumbling with size = 2 end; select win::cardinality() from in[w] group by event into out;');
  for (const v of ['a', 'b', 'a']) g.send(v);
  t.same(g.take(), ['2']);
  t.end();
});
