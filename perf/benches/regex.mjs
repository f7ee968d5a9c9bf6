// Regular-expression engines for `std::re` and `re|…|`, on typical patterns and on a
// pathological one. Engines, each given the same Rust pattern:
//   backtracking: the JavaScript the old translation produced (`u` flag, irregexp);
//   linear:       the new translation run by V8's linear-time engine alone (`l` flag);
//   chosen:       the new translation as src/std/regex.ts compiles it (irregexp, handing
//                 over to the linear engine after 50 000 backtracks);
//   re2 / re2js:  if installed (they are not dependencies; the row says so when absent).
// Rounds alternate between engines in one process; results are medians in ns per operation.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, root } from '../lib/measure.mjs';

const imp = (p) => import(pathToFileURL(path.join(root, p)).href);
const { translate, compileRegex, allMatches } = await imp('dist/std/regex.js');

const LINE =
  '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"';
const KV = 'level=info ts=2026-01-01T00:00:00Z caller=main.go:42 msg="started" component=ingest duration_ms=17 status=ok';

/** Rust pattern, the old translation's JavaScript (source, flags), the operation and its input */
const cases = [
  { name: 'is_match literal', rust: 'Mozilla', old: ['Mozilla', 'u'], op: 'test', input: LINE },
  { name: 'is_match anchored log line', rust: '^\\S+ \\S+ \\S+ \\[[^\\]]+\\] "(?:GET|POST) ', old: ['^\\S+ \\S+ \\S+ \\[[^\\]]+\\] "(?:GET|POST) ', 'u'], op: 'test', input: LINE },
  {
    name: 'captures (named groups)',
    rust: '^(?P<ip>\\S+) \\S+ (?P<user>\\S+) \\[(?P<ts>[^\\]]+)\\] "(?P<method>\\w+) (?P<path>[^ "]+)[^"]*" (?P<status>\\d{3}) (?P<bytes>\\d+)',
    old: ['^(?<ip>\\S+) \\S+ (?<user>\\S+) \\[(?<ts>[^\\]]+)\\] "(?<method>\\w+) (?<path>[^ "]+)[^"]*" (?<status>\\d{3}) (?<bytes>\\d+)', 'u'],
    op: 'exec',
    input: LINE,
  },
  { name: 'case-insensitive match', rust: '(?i)mozilla/\\d', old: ['mozilla\\/\\d', 'ui'], op: 'test', input: LINE },
  { name: 'split on whitespace', rust: '\\s+', old: ['\\s+', 'ug'], op: 'all', input: KV },
  { name: 'replace_all key=value', rust: '(?P<k>\\w+)=(?P<v>"[^"]*"|\\S+)', old: ['(?<k>\\w+)=(?<v>"[^"]*"|\\S+)', 'ug'], op: 'all', input: KV },
  { name: 'dot-star capture', rust: 'msg=(.*) component', old: ['msg=(.*) component', 'u'], op: 'exec', input: KV },
];

/** the pathological pattern: backtracking is exponential in n, so it only runs small n */
const PATHO = { rust: '^(a+)+$', old: ['^(a+)+$', 'u'] };

function time(fn, iters) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iters; i++) fn();
  return Number(process.hrtime.bigint() - t0) / iters;
}

function runner(r, op, input) {
  if (op === 'test') return () => r.test(input);
  if (op === 'exec') return () => r.exec(input);
  return () => allMatches(r, input);
}

async function optional(name) {
  try {
    return await import(name);
  } catch {
    return null;
  }
}

export async function run({ rounds = 5 } = {}) {
  const re2 = await optional('re2');
  const re2js = await optional('re2js');
  const results = { engines: { re2: re2 ? 'installed' : 'not installed', re2js: re2js ? 'installed' : 'not installed' }, cases: {}, pathological: {} };
  const rows = {};
  for (const c of cases) {
    const global = c.op === 'all' ? 'g' : '';
    const [src, flags] = translate(c.rust);
    const engines = {
      backtracking: new RegExp(c.old[0], c.old[1]),
      linear: new RegExp(src, flags + global + 'l'),
      chosen: compileRegex(c.rust, global),
    };
    const fns = Object.fromEntries(Object.entries(engines).map(([k, r]) => [k, runner(r, c.op, c.input)]));
    const ref = JSON.stringify(fns.backtracking());
    for (const [k, f] of Object.entries(fns)) if (JSON.stringify(f()) !== ref) throw new Error(`${c.name}: ${k} differs: ${JSON.stringify(f())} vs ${ref}`);
    const iters = 20_000;
    const samples = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
    for (const f of Object.values(fns)) time(f, iters);
    for (let r = 0; r < rounds; r++) for (const [k, f] of Object.entries(fns)) samples[k].push(time(f, iters));
    const m = Object.fromEntries(Object.entries(samples).map(([k, xs]) => [k, median(xs)]));
    results.cases[c.name] = m;
    rows[c.name] = {
      'backtracking ns': m.backtracking.toFixed(0),
      'linear ns': m.linear.toFixed(0),
      'chosen ns': m.chosen.toFixed(0),
      'chosen / backtracking': `${(m.chosen / m.backtracking).toFixed(2)}x`,
    };
  }
  console.table(rows);

  const patho = {};
  const [src, flags] = translate(PATHO.rust);
  for (const n of [16, 18, 20, 22]) {
    const input = 'a'.repeat(n) + '!';
    patho[`backtracking, n=${n}`] = time(() => new RegExp(PATHO.old[0], PATHO.old[1]).test(input), 3) / 1e6;
  }
  for (const n of [40, 1000, 100_000]) {
    const input = 'a'.repeat(n) + '!';
    patho[`linear, n=${n}`] = time(() => new RegExp(src, flags + 'l').test(input), 3) / 1e6;
    patho[`chosen, n=${n}`] = time(() => compileRegex(PATHO.rust).test(input), 3) / 1e6;
  }
  results.pathological = patho;
  console.log(`pathological ${PATHO.rust} on n × "a" + "!" (ms per match):`);
  console.table(Object.fromEntries(Object.entries(patho).map(([k, v]) => [k, { ms: v.toFixed(3) }])));
  console.log(`re2: ${results.engines.re2}, re2js: ${results.engines.re2js}`);
  return results;
}
