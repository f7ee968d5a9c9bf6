/**
 * Runtime errors as Tremor 0.12 reports them: a script's failing event goes to its `err` port
 * as `{"error": <the error rendered over the source>, "event": <payload>}`
 * (tremor-pipeline op/trickle/script.rs with tremor-script's plain highlighter); `let $ = …`
 * is a runtime error, not a compile error; an unknown operator type uses Tremor's text.
 */
import t from 'tap';
import { CompileError, error, TremorError } from '../../src/base/diagnostics.js';
import { renderRuntime } from '../../src/base/highlight.js';
import { Source } from '../../src/base/source.js';
import { compileQuery } from '../../src/lang/query/compile.js';
import { compileScript } from '../../src/lang/script.js';
import { expandLines } from '../../src/lang/compile.js';
import { Graph, type Emitted } from '../../src/pipeline/graph.js';
import { newContext } from '../../src/runtime/context.js';
import { newEvent } from '../../src/runtime/event.js';
import type { Value } from '../../src/runtime/value.js';

/** the events a query sends to its ports for one input event */
function run(query: string, v: Value): Emitted[] {
  const g = new Graph(compileQuery(query).plan);
  const out: Emitted[] = [];
  const err = g.enqueue('in', newEvent(v, 0, 0), out);
  if (err) throw err;
  return out;
}

const HYGIENIC = `define script runtime
script
  let event["new"] = event.foo_script;
  emit event
end;
create script runtime;
select event from in into runtime;
select event from runtime into out;
select event from runtime/err into err;
`;

t.test("a script's runtime error goes to err as Tremor renders it, with the event", (t) => {
  const out = run(HYGIENIC, { foo_having: true });
  t.equal(out.length, 1);
  t.equal(out[0].port, 'err');
  t.same(out[0].event.data, {
    error: 'Error: \n    3 |   let event["new"] = event.foo_script;\n' + '      |                            ^^^^^^^^^^ Trying to access a non existing event key `foo_script`\n\n',
    event: { foo_having: true },
  });
  t.end();
});

t.test('the err event carries the payload as the script left it', (t) => {
  const q = HYGIENIC.replace('let event["new"] = event.foo_script;', 'let event.seen = true;\n  let event["new"] = event.foo_script;');
  const [e] = run(q, { a: 1 });
  t.same((e.event.data as Record<string, Value>).event, { a: 1, seen: true });
  t.end();
});

t.test('`let $ = …` compiles, and fails when it runs, showing two lines either side', (t) => {
  const q = HYGIENIC.replace('let event["new"] = event.foo_script;', 'let $ = {"new": "data"};');
  const [e] = run(q, { a: 1 });
  t.equal(e.port, 'err');
  t.equal(
    (e.event.data as Record<string, Value>).error,
    'Error: \n    1 | define script runtime\n    2 | script\n    3 |   let $ = {"new": "data"};\n' +
      "      |       ^^^^^^^^^^^^^^^^^^^ You are trying to assign to a value that isn't valid\n" +
      '    4 |   emit event\n    5 | end;\n\n',
    'the callout follows the line it points at; the context lines after it',
  );
  t.end();
});

t.test('`let $ = …` in a script: R018 at the assignment, after the value ran', (t) => {
  const s = compileScript('let state = 1;\nlet $ = "snot";\n$');
  const c = newContext();
  try {
    s.run(c);
    t.fail('expected a runtime error');
  } catch (e) {
    t.type(e, TremorError);
    const d = (e as TremorError).diagnostic;
    t.equal(d.code, 'R018');
    t.same(d.span!.src.position(d.span!.start), { line: 2, column: 5 });
    t.equal(d.span!.src.text.slice(d.span!.start, d.span!.end), '$ = "snot"');
    t.equal(c.meta && Object.keys(c.meta).length, 0, 'the metadata is unchanged');
  }
  t.doesNotThrow(() => compileScript('let $.a = 1; let $["b"] = 2; $'), 'assigning into $ is fine');
  t.end();
});

t.test('renderRuntime: multi-line spans, hints, lines past the end, no position', (t) => {
  const src = new Source('x', 'let a = [\n  1,\n  2];\na\n');
  const multi = error('R010', 'bad', src.span(8, 19));
  t.equal(renderRuntime(multi), 'Error: \n    1 | let a = [\n    2 |   1,\n    3 |   2];\n      | ^^^^ bad\n\n', 'carets from column 1 on the last line');
  const hinted = error('R010', 'bad', src.span(21, 22), 'try b');
  t.equal(renderRuntime(hinted), 'Error: \n    4 | a\n      | ^ bad\n      |   NOTE: try b\n\n');
  const wide = error('R010', 'bad', src.span(21, 22), undefined, expandLines(src.span(21, 22), 2));
  t.equal(renderRuntime(wide), 'Error: \n    2 |   1,\n    3 |   2];\n    4 | a\n      | ^ bad\n\n', 'only the lines that exist');
  t.equal(renderRuntime(error('R010', 'no place')), 'Error: no place');
  t.end();
});

t.test('expandLines grows a span by whole lines, clamped to the source', (t) => {
  const src = new Source('x', 'a\nb\nc\nd\ne');
  const text = (n: number, from: number, to: number) => {
    const s = expandLines(src.span(from, to), n);
    return src.text.slice(s.start, s.end);
  };
  t.equal(text(1, 4, 5), 'b\nc\nd');
  t.equal(text(2, 4, 5), 'a\nb\nc\nd\ne');
  t.equal(text(3, 0, 1), 'a\nb\nc\nd');
  t.equal(text(0, 4, 5), 'c');
  t.end();
});

t.test('an unknown operator type: Tremor text, our code and position', (t) => {
  try {
    compileQuery('define operator unknown from op::unknown;\ncreate operator unknown;\nselect event from in into unknown;');
    t.fail('expected a compile error');
  } catch (e) {
    t.type(e, CompileError);
    const d = (e as CompileError).first;
    t.equal(d.code, 'C018');
    t.equal(d.message, 'Unknown operator: op::unknown');
    t.same(d.span!.src.position(d.span!.start), { line: 1, column: 1 });
  }
  t.end();
});
