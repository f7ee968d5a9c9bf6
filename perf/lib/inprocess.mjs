// Helpers for in-process pipeline benchmarks: compile a query, push parsed events through
// its graph, alternate with a hand-written JavaScript baseline, report the median ratio.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, root, shared } from './measure.mjs';

const imp = (p) => import(pathToFileURL(path.join(root, p)).href);
const { compileQuery } = await imp('dist/lang/query/compile.js');
const { Graph } = await imp('dist/pipeline/graph.js');
const { newEvent } = await imp('dist/runtime/event.js');
const { parseJsonFast } = await imp('dist/runtime/json.js');

/** the log events, `n` of them, with ingest times `gapNs` apart */
export function logEvents(n, gapNs = 10_000) {
  const lines = fs.readFileSync(path.join(shared, 'data/tremor-logs.json'), 'utf8').split('\n').filter((l) => l.trim());
  const out = [];
  for (let i = 0; i < n; i++) out.push({ line: lines[i % lines.length], ts: 1_764_000_000_000_000 + i * gapNs });
  return out;
}

/** runs `query` over the events (parsed fresh each run, as a source would); returns outputs on `out` */
export function queryRunner(query) {
  const plan = compileQuery(query).plan;
  return (events) => {
    const g = new Graph(plan);
    const res = [];
    let n = 0;
    for (let i = 0; i < events.length; i++) {
      const e = events[i];
      const err = g.enqueue('in', newEvent(parseJsonFast(e.line), e.ts, i, {}), res);
      if (err) throw err;
      if (res.length > 4096) {
        for (const r of res) if (r.port === 'out') n++;
        res.length = 0;
      }
    }
    for (const r of res) if (r.port === 'out') n++;
    return n;
  };
}

export function compare(name, events, tremor, hand, rounds = 7) {
  const a = tremor(events);
  const b = hand(events);
  if (a !== b) throw new Error(`${name}: tremor-stream emitted ${a} events, the hand-written version ${b}`);
  const ts = [];
  const hs = [];
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    tremor(events);
    ts.push(performance.now() - t0);
    t0 = performance.now();
    hand(events);
    hs.push(performance.now() - t0);
  }
  const ratio = median(hs) / median(ts);
  console.table({ [name]: { events: events.length, emitted: a, 'tremor-stream ms': median(ts).toFixed(0), 'hand-written ms': median(hs).toFixed(0), 'throughput ratio': `${ratio.toFixed(2)}x` } });
  return { events: events.length, emitted: a, tremorMs: median(ts), handMs: median(hs), ratio };
}
