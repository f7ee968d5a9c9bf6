// Benchmarks shaped like Tremor's script benchmarks: generated code against a hand-written
// JavaScript function doing the same work, in the same process, rounds alternating. The
// ratio is generated time / hand-written time (target: at most 2x).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, root } from '../lib/measure.mjs';

const imp = (p) => import(pathToFileURL(path.join(root, p)).href);
const { compileScript } = await imp('dist/lang/script.js');
const { newContext } = await imp('dist/runtime/context.js');

const record = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, i % 3 === 0 ? `v${i}` : i]));
const array = Array.from({ length: 100 }, (_, i) => i);

const cases = [
  {
    name: 'for over a record, rebuilding it',
    script: 'for event of case (k, v) => {"#{k}": v} into {} end',
    event: record,
    js: (e) => {
      const out = {};
      for (const k in e) out[k] = e[k];
      return out;
    },
  },
  {
    name: 'for over an array',
    script: 'for event of case (i, v) => v * 2 end',
    event: array,
    js: (e) => {
      const out = [];
      for (let i = 0; i < e.length; i++) out.push(e[i] * 2);
      return out;
    },
  },
  {
    name: 'fold summing an array',
    script: 'for event of case (i, v) => v into 0 use + end',
    event: array,
    js: (e) => {
      let s = 0;
      for (let i = 0; i < e.length; i++) s += e[i];
      return s;
    },
  },
  {
    name: 'integer arithmetic',
    script: 'let a = event.a; let b = event.b; (a * 31 + b) % 1000003 + (a >> 2) - (b & 255) + a * b - (a + b) * 7',
    event: { a: 123456, b: 789 },
    js: (e) => {
      const a = e.a;
      const b = e.b;
      return ((a * 31 + b) % 1000003) + (a >> 2) - (b & 255) + a * b - (a + b) * 7;
    },
  },
];

function time(fn, iters) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iters; i++) fn();
  return Number(process.hrtime.bigint() - t0) / iters;
}

export async function run({ rounds = 7 } = {}) {
  const results = {};
  const rows = {};
  for (const c of cases) {
    const s = compileScript(c.script);
    const ctx = newContext();
    const meta = {};
    const gen = () => {
      ctx.event = c.event;
      ctx.meta = meta;
      return s.run(ctx);
    };
    const js = () => c.js(c.event);
    // same result first
    if (JSON.stringify(gen()) !== JSON.stringify(js())) throw new Error(`${c.name}: results differ: ${JSON.stringify(gen())} vs ${JSON.stringify(js())}`);
    const iters = 200_000;
    time(gen, iters);
    time(js, iters);
    const g = [];
    const h = [];
    for (let r = 0; r < rounds; r++) {
      g.push(time(gen, iters));
      h.push(time(js, iters));
    }
    const ratio = median(g) / median(h);
    results[c.name] = { generatedNs: median(g), handNs: median(h), ratio };
    rows[c.name] = { 'generated ns/op': median(g).toFixed(0), 'hand-written ns/op': median(h).toFixed(0), ratio: `${ratio.toFixed(2)}x` };
  }
  console.table(rows);
  return results;
}
