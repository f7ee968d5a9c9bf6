/**
 * `max_groups` as Tremor 0.12 has it (tremor-pipeline select.rs): a new group's event runs
 * first, the group is kept only if it still holds data, and a full table refuses it with
 * Tremor's (misspelt) message. `on_max_groups = "evict"` is our least-recently-used
 * alternative (its tests are in windows.test.ts).
 */
import t from 'tap';
import { CompileError, TremorError } from '../../src/base/diagnostics.js';
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
    /** the runtime error of the event, or null */
    send: (v: Value): unknown => g.enqueue('in', newEvent(v, i, i++), out),
    flush: () => g.flush(out),
    take: () => out.splice(0).map((r) => stringify(r.event.data)),
  };
}

const COLLECT = 'select {"g": group[0], "c": aggr::win::collect_flattened(event.p)} from in[w] group by event.g into out;';

t.test('a full table ignores the new group: the event fails with Tremor text, at the group by', (t) => {
  const g = graph(`define window w from tumbling with size = 3, max_groups = 2 end;\n${COLLECT}`);
  t.equal(g.send({ g: 1, p: [1, 2] }), null);
  t.equal(g.send({ g: 2, p: [1, 2, 3] }), null);
  t.equal(g.send({ g: 1, p: [3, 4, 5] }), null);
  const err = g.send({ g: 3, p: [] });
  t.type(err, TremorError);
  const d = (err as TremorError).diagnostic;
  t.equal(d.code, 'R017');
  t.equal(d.message, 'Maxmimum amount of groups reached (2). Ignoring group [3]', 'the typo and max_groups + 1 are Tremor’s');
  const at = d.span!.src.position(d.span!.start);
  t.same(at, { line: 2, column: COLLECT.indexOf('event.g') + 1 }, 'points at the group by expression');
  t.same(g.take(), [], 'the failed event emits nothing');
  t.equal(g.send({ g: 1, p: [6] }), null);
  t.same(g.take(), ['{"g":1,"c":[[1,2],[3,4,5],[6]]}'], 'the live groups go on');
  g.flush();
  t.same(g.take(), ['{"g":2,"c":[[1,2,3]]}'], 'group 3 was never created');
  t.end();
});

t.test('a new group whose window closes at once is never kept, so it never counts', (t) => {
  const g = graph(`define window w from tumbling with size = 1, max_groups = 1 end;\n${COLLECT}`);
  for (const k of ['a', 'b', 'c']) t.equal(g.send({ g: k, p: [k] }), null, `group ${k}`);
  t.same(g.take(), ['{"g":"a","c":[["a"]]}', '{"g":"b","c":[["b"]]}', '{"g":"c","c":[["c"]]}']);
  t.end();
});

t.test('a group that emitted everything is dropped, which makes room', (t) => {
  const g = graph(`define window w from tumbling with size = 2, max_groups = 1 end;\n${COLLECT}`);
  t.equal(g.send({ g: 'a', p: [1] }), null);
  t.type(g.send({ g: 'b', p: [1] }), TremorError, 'a holds data: no room for b');
  t.equal(g.send({ g: 'a', p: [2] }), null, 'a emits and is dropped');
  t.equal(g.send({ g: 'b', p: [3] }), null, 'now b fits');
  t.same(g.take(), ['{"g":"a","c":[[1],[2]]}']);
  t.end();
});

t.test('sliding windows refuse new groups the same way by default', (t) => {
  const g = graph(`define window w from sliding with size = 4, slide = 2, max_groups = 1 end;\n${COLLECT}`);
  t.equal(g.send({ g: 'a', p: [1] }), null);
  const err = g.send({ g: 'b', p: [2] });
  t.equal((err as TremorError).diagnostic.message, 'Maxmimum amount of groups reached (1). Ignoring group [2]');
  g.flush();
  t.same(g.take(), ['{"g":"a","c":[[1]]}']);
  t.end();
});

t.test('the smallest max_groups of stacked windows bounds the select', (t) => {
  const g = graph(`define window w from tumbling with size = 10, max_groups = 5 end;
define window v from tumbling with size = 100, max_groups = 1 end;
select {"g": group[0]} from in[w, v] group by event.g into out;`);
  t.equal(g.send({ g: 'a' }), null);
  t.type(g.send({ g: 'b' }), TremorError);
  t.end();
});

t.test('on_max_groups takes "ignore" or "evict"', (t) => {
  t.doesNotThrow(() => compileQuery(`define window w from tumbling with size = 2, max_groups = 1, on_max_groups = "ignore" end;\n${COLLECT}`));
  try {
    compileQuery(`define window w from tumbling with size = 2, max_groups = 1, on_max_groups = "lru" end;\n${COLLECT}`);
    t.fail('expected a compile error');
  } catch (e) {
    t.type(e, CompileError);
    t.equal((e as CompileError).first.code, 'C015');
    t.match((e as CompileError).first.message, /on_max_groups.*"ignore", "evict"/);
  }
  t.end();
});
