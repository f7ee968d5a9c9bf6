/**
 * `tremor-stream conformance query|script|flow FILE [--in EVENTS] [--config JSON]`: the
 * command-line contract of ../shared/conformance/run.mjs. Events are fed as Tremor's test
 * harness does: `ingest_ns` is the event's index, metadata starts empty, no ticks, nothing
 * flushed at the end. Output: one JSON value per line. Exit status: 0 ok, 1 compile error,
 * 2 runtime error(s).
 *
 * Diagnostics are printed as Tremor's test harnesses print them: every error with the plain
 * `Error: ` header (an error in a module file shows that file's lines, not its name), and the
 * warnings only when the run succeeds: Tremor's harnesses report either the error of a run
 * or, when there is none, its warnings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileQuery } from '../../lang/query/compile.js';
import { compileScript } from '../../lang/script.js';
import { FsLoader } from '../../lang/fsloader.js';
import { Source } from '../../base/source.js';
import { newContext } from '../../runtime/context.js';
import { eventValues, newEvent } from '../../runtime/event.js';
import { parseExact, stringify } from '../../runtime/json.js';
import { Graph, type Emitted } from '../../pipeline/graph.js';
import type { Value } from '../../runtime/value.js';
import { option, parseArgs, UsageError } from '../args.js';
import { printDiagnostics, printError } from '../report.js';
import type { Diagnostic } from '../../base/diagnostics.js';

export async function conformance(argv: string[]): Promise<number> {
  const p = parseArgs(argv, [
    { name: 'in', value: true },
    { name: 'config', value: true },
  ]);
  const [mode, file] = p.positionals;
  if (!mode || !file) throw new UsageError('usage: tremor-stream conformance query|script|flow FILE [--in EVENTS] [--config JSON]');
  // flows need the connectors; queries and scripts load none of them (start-up time)
  if (mode === 'flow') return (await import('./flow.js')).runFlowConformance(file, option(p, 'config'));
  const src = new Source(file, fs.readFileSync(file, 'utf8'));
  const events = readEvents(option(p, 'in'));
  if (mode === 'script') return script(src, events);
  if (mode === 'query') return query(src, events);
  throw new UsageError(`unknown conformance mode ${mode}`);
}

function readEvents(file: string | undefined): Value[] {
  if (!file) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => parseExact(l));
}

function script(src: Source, events: Value[]): number {
  let compiled: ReturnType<typeof compileScript>;
  try {
    compiled = compileScript(src, { loader: new FsLoader({ main: path.resolve(src.name) }) });
  } catch (e) {
    if (printError(e)) return 1;
    throw e;
  }
  const c = newContext();
  c.origin = { scheme: 'snot', host: 'test', port: 23, path: ['snot'] };
  const out: string[] = [];
  let status = 0;
  for (let i = 0; i < events.length; i++) {
    c.event = events[i];
    c.meta = {};
    c.ingestNs = i;
    try {
      const v = compiled.run(c);
      if (v !== undefined) out.push(stringify(v));
    } catch (e) {
      if (!printError(e)) throw e;
      status = 2;
      break;
    }
  }
  process.stdout.write(out.map((l) => l + '\n').join(''));
  if (status === 0) printDiagnostics(compiled.warnings);
  return status;
}

function query(src: Source, events: Value[]): number {
  let graph: Graph;
  let warnings: readonly Diagnostic[];
  try {
    const q = compileQuery(src, { loader: new FsLoader({ main: path.resolve(src.name) }) });
    warnings = q.plan.warnings;
    graph = new Graph(q.plan);
  } catch (e) {
    if (printError(e)) return 1;
    throw e;
  }
  const results: Emitted[] = [];
  let status = 0;
  for (let i = 0; i < events.length; i++) {
    const ev = newEvent(events[i], i, i, {}, { scheme: 'tremor', host: 'localhost', port: null, path: ['test'] });
    const err = graph.enqueue('in', ev, results);
    if (err) {
      if (!printError(err)) throw err;
      status = 2;
    }
  }
  const lines: string[] = [];
  for (const r of results) {
    // a batch event is printed as one line per value
    for (const v of eventValues(r.event)) lines.push(stringify(v));
  }
  process.stdout.write(lines.map((l) => l + '\n').join(''));
  if (status === 0) printDiagnostics(warnings);
  return status;
}
