/**
 * The standard library reference (src/std/docs/, docs/stdlib.md): every function of the std
 * tree and every aggregate function has a record whose parameters match its arity, no record
 * names a function that does not exist, every example runs and gives the result it shows, and
 * the committed docs/stdlib.md is what `tremor-stream doc` prints today.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stdRoot } from '../../src/std/index.js';
import type { StdModule } from '../../src/std/registry.js';
import { aggregateFn } from '../../src/std/aggr/index.js';
import { stats } from '../../src/std/aggr/stats.js';
import { win } from '../../src/std/aggr/win.js';
import { STD_DOCS, type FnDoc, type ScriptExample } from '../../src/std/docs/index.js';
import { renderMarkdown, callName } from '../../src/std/docs/markdown.js';
import { documentedArity, isQueryExample } from '../../src/std/docs/types.js';
import { moduleAliases, usesOf } from '../../src/std/docs/uses.js';
import { compileScript } from '../../src/lang/script.js';
import { newContext } from '../../src/runtime/context.js';
import { parseJson, stringify } from '../../src/runtime/json.js';
import { runQuery } from '../helpers.js';
import { root } from '../root.js';

/** every function there is: full path → arity */
const real = new Map<string, { min: number; max: number }>();
const walk = (m: StdModule, p: string[]) => {
  for (const [name, f] of Object.entries(m.fns)) real.set([...p, name].join('::'), { min: f.minArity, max: f.maxArity });
  for (const [n, sub] of Object.entries(m.mods)) walk(sub, [...p, n]);
};
walk(stdRoot(), []);
// the aggregate modules of src/std/aggr/index.ts, which does not export its table (a new
// module must be added here too)
for (const [mod, table] of Object.entries({ stats, win })) {
  for (const [name, f] of Object.entries(table)) {
    t.equal(aggregateFn(mod, name), f, `aggr::${mod}::${name} is the registered aggregate`);
    real.set(`aggr::${mod}::${name}`, { min: f.minArity, max: f.maxArity });
  }
}

const records = STD_DOCS.flatMap((m) => m.functions.map((f) => ({ module: m.name, f })));

t.test('every function and aggregate has one record, and every record a function', (t) => {
  const documented = new Map<string, FnDoc>();
  for (const { module, f } of records) {
    t.notOk(documented.has(f.name), `${f.name} is documented once`);
    documented.set(f.name, f);
    t.equal(f.name.slice(0, f.name.lastIndexOf('::')), module, `${f.name} is in the section of its module`);
    t.ok(real.has(f.name), `${f.name} exists`);
  }
  for (const name of real.keys()) t.ok(documented.has(name), `${name} is documented`);
  t.equal(new Set(STD_DOCS.map((m) => m.name)).size, STD_DOCS.length, 'module sections are unique');
  t.ok(real.size > 150, `${real.size} functions and aggregates`);
  t.end();
});

t.test('signatures match the arities; every record has a description and examples of itself', (t) => {
  for (const { f } of records) {
    const arity = real.get(f.name);
    if (!arity) continue;
    t.same(documentedArity(f), arity, `${f.name}: parameters ${JSON.stringify(f.forms ?? f.params)} fit arity ${arity.min}..${arity.max}`);
    if (f.forms) {
      const lengths = f.forms.map((p) => p.length).sort((a, b) => a - b);
      const all = Array.from({ length: arity.max - arity.min + 1 }, (_, i) => arity.min + i);
      t.same(lengths, all, `${f.name}: one form per accepted argument count`);
      t.same(f.params, f.forms[f.forms.length - 1], `${f.name}: params is the longest form`);
    }
    t.ok(
      f.params.every((p, i) => /^(\.\.\.)?[a-z_][a-z0-9_]*\??$/.test(p) && (!p.startsWith('...') || i === f.params.length - 1)),
      `${f.name}: parameter names`,
    );
    t.match(f.doc, /^[A-Z`].*\.$/s, `${f.name}: a description`);
    t.ok(f.examples.length > 0, `${f.name}: an example`);
    const call = `${callName(f)}(`;
    t.ok(
      f.examples.some((e) => (isQueryExample(e) ? e.query : e.code).includes(call)),
      `${f.name}: an example calls ${call}…)`,
    );
  }
  t.end();
});

/** equal as printed, or as values when only the formatting differs */
const sameJson = (got: string, expected: string): boolean => {
  if (got === expected) return true;
  try {
    return stringify(parseJson(expected)) === got;
  } catch {
    return false;
  }
};

const aliases = moduleAliases(STD_DOCS);
// from the epoch to the year 2100
const INGEST_TIMES: readonly (number | bigint)[] = [0, 42, 1_700_000_000_123_456_789n, 4_102_444_800_000_000_000n];

function runScriptExample(e: ScriptExample, ingestNs: number | bigint): { value?: string; error?: string } {
  const c = newContext();
  c.ingestNs = ingestNs;
  if (e.origin) c.origin = { ...e.origin, path: [...e.origin.path] };
  try {
    // a constant call is evaluated while compiling (its error is a compile error)
    const v = compileScript([...usesOf(e.code, aliases), e.code].join('\n')).run(c);
    return { value: v === undefined ? 'undefined' : stringify(v) };
  } catch (x) {
    return { error: (x as Error).message };
  }
}

t.test('every example runs and gives what it shows', (t) => {
  let ran = 0;
  for (const { f } of records) {
    for (const e of f.examples) {
      ran++;
      if (isQueryExample(e)) {
        const { out, errors } = runQuery(e.query, [...e.input]);
        const messages = errors.map((x) => (x as Error).message ?? String(x));
        if (e.error === undefined) t.same(messages, [], `${f.name}: ${e.query} runs without errors`);
        else
          t.ok(
            messages.some((m) => m.includes(e.error!)),
            `${f.name}: ${e.query} reports …${e.error}… (${messages.join('; ') || 'no error'})`,
          );
        t.ok(out.length === e.output.length && out.every((o, i) => sameJson(o, e.output[i])), `${f.name}: ${e.query}\n  gives ${out.join(' ')}\n  shown ${e.output.join(' ')}`);
        continue;
      }
      // at several ingest times: what depends on it (random::…) must hold for any event
      const [r, ...others] = INGEST_TIMES.map((ns) => runScriptExample(e, ns));
      for (const o of others) if (o.value !== r.value || o.error !== r.error) t.fail(`${f.name}: ${e.code} gives ${o.value ?? o.error} at another ingest time, ${r.value ?? r.error} at 0`);
      if (e.error !== undefined) t.ok(r.error?.includes(e.error), `${f.name}: ${e.code} fails with …${e.error}… (${r.error ?? `gave ${r.value}`})`);
      else t.ok(r.value !== undefined && sameJson(r.value, e.result), `${f.name}: ${e.code} gives ${r.value ?? r.error}, shown ${e.result}`);
    }
  }
  t.ok(ran >= records.length, `${ran} examples ran`);
  t.end();
});

t.test('docs/stdlib.md is the generated reference, and `doc` prints it', (t) => {
  const committed = fs.readFileSync(path.join(root, 'docs/stdlib.md'), 'utf8');
  t.equal(renderMarkdown(STD_DOCS), committed, 'docs/stdlib.md is up to date (regenerate: npm run build && node bin/tremor-stream.js doc --out docs/stdlib.md)');
  const cli = path.join(root, 'bin/tremor-stream.js');
  const r = spawnSync(process.execPath, [cli, 'doc'], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout, committed, '`tremor-stream doc` prints docs/stdlib.md');

  const s = spawnSync(process.execPath, [cli, 'doc', '--module', 'std::string'], { encoding: 'utf8' });
  t.equal(s.status, 0, s.stderr);
  t.same(s.stdout.match(/^## (?!Contents).*$/gm), ['## std::string'], '--module std::string: only that module');
  const headings = s.stdout.match(/^### .*$/gm) ?? [];
  t.equal(headings.length, STD_DOCS.find((m) => m.name === 'std::string')!.functions.length);
  t.ok(
    headings.every((h) => h.startsWith('### string::')),
    'only string functions',
  );

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-doc-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'aggr.md');
  const o = spawnSync(process.execPath, [cli, 'doc', '--module', 'aggr', '--out', file], { encoding: 'utf8' });
  t.equal(o.status, 0, o.stderr);
  t.equal(o.stdout, '', '--out writes nothing to stdout');
  t.equal(fs.readFileSync(file, 'utf8'), renderMarkdown(STD_DOCS, { module: 'aggr' }), '--out FILE holds the reference');
  t.match(fs.readFileSync(file, 'utf8'), /^## aggr::stats$[\s\S]*^## aggr::win$/m);

  const bad = spawnSync(process.execPath, [cli, 'doc', '--module', 'std::str'], { encoding: 'utf8' });
  t.equal(bad.status, 1, 'a prefix that is not a module is a usage error');
  t.match(bad.stderr, /no module is std::str/);
  t.end();
});
