/** Shared test helpers: compile and run scripts and queries in-process. */
import { compileScript } from '../src/lang/script.js';
import { compileQuery } from '../src/lang/query/compile.js';
import { CompileError } from '../src/base/diagnostics.js';
import { newContext } from '../src/runtime/context.js';
import { newEvent } from '../src/runtime/event.js';
import { Graph, type Emitted } from '../src/pipeline/graph.js';
import { parseJson, stringify } from '../src/runtime/json.js';
import type { Value } from '../src/runtime/value.js';

/** runs a script on one event (JSON text), returns the result as JSON text */
export function runScript(script: string, event = 'null', state: Value = null): string | undefined {
  const s = compileScript(script);
  const c = newContext();
  c.event = parseJson(event);
  c.state = state;
  const v = s.run(c);
  return v === undefined ? undefined : stringify(v);
}

/** runs a query over events (JSON texts), returns `port value` lines */
export function runQuery(query: string, events: string[]): { out: string[]; errors: unknown[] } {
  const g = new Graph(compileQuery(query).plan);
  const results: Emitted[] = [];
  const errors: unknown[] = [];
  events.forEach((e, i) => {
    const err = g.enqueue('in', newEvent(parseJson(e), i, i), results);
    if (err) errors.push(err);
  });
  return { out: results.map((r) => (r.port === 'out' ? stringify(r.event.data) : `${r.port} ${stringify(r.event.data)}`)), errors };
}

/** the first diagnostic of a failed compilation: code, 1-based line:col, message */
export function compileFailure(fn: () => unknown): { code: string; at: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof CompileError) {
      const d = e.first;
      const p = d.span ? d.span.src.position(d.span.start) : { line: 0, column: 0 };
      return { code: d.code, at: `${p.line}:${p.column}`, message: d.message };
    }
    throw e;
  }
  throw new Error('expected a compile error');
}
