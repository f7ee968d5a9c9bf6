/**
 * Differential fuzzing of the compiler: programs of Tremor's corpus (../shared/conformance, and
 * our fixtures) are mutated at the token level — a token deleted, duplicated, swapped with its
 * neighbour, replaced by another of the program, or a tricky character inserted — and every
 * result must compile or fail with a CompileError whose diagnostics point inside the source.
 * Anything else (a TypeError, a RangeError, an assertion of ours) is an internal error.
 *
 * Seeded: each run takes a new seed (TREMOR_FUZZ_SEED replays one) and prints it; a failure
 * names its seed, the mutation and the program. TREMOR_FUZZ_N sets the number of programs
 * (default 2,000).
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { CompileError } from '../../src/base/diagnostics.js';
import { Source } from '../../src/base/source.js';
import { FsLoader } from '../../src/lang/fsloader.js';
import { compileQuery } from '../../src/lang/query/compile.js';
import { compileScript } from '../../src/lang/script.js';
import { root } from '../root.js';
import { random } from '../random.js';

const N = Number(process.env.TREMOR_FUZZ_N ?? 2000);
const seed = Number(process.env.TREMOR_FUZZ_SEED ?? Date.now() % 1_000_000_007);

/** the corpus: scripts (.tremor) and queries (.trickle), with the file they came from */
function corpus(): { file: string; text: string; kind: 'script' | 'query' }[] {
  const dirs = [path.resolve(root, '../shared/conformance/tests'), path.join(root, 'fixtures')];
  const out: { file: string; text: string; kind: 'script' | 'query' }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(tremor|trickle)$/.test(e.name)) out.push({ file: p, text: fs.readFileSync(p, 'utf8'), kind: e.name.endsWith('.tremor') ? 'script' : 'query' });
    }
  };
  for (const d of dirs) if (fs.existsSync(d)) walk(d);
  return out.sort((a, b) => (a.file < b.file ? -1 : 1));
}

const TOKEN = /\s+|#[^\n]*|"(?:[^"\\\n]|\\.)*"|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?|::|=>|==|!=|<=|>=|<<|>>|\S/g;
const TRICKY = ['(', ')', '{', '}', '[', ']', '"', '#{', '|', '%{', '%[', '$', '::', ',', ';', 'end', 'case', '=>', '"""', '\\', '`', '-', '.', '€'];

type Mutation = { what: string; text: string };

function mutate(text: string, rnd: () => number): Mutation {
  const tokens = text.match(TOKEN) ?? [];
  const solid = tokens.map((tok, i) => (/^\s|^#/.test(tok) ? -1 : i)).filter((i) => i >= 0);
  if (solid.length === 0) return { what: 'none', text };
  const pick = () => solid[Math.floor(rnd() * solid.length)];
  const i = pick();
  const copy = [...tokens];
  const op = Math.floor(rnd() * 5);
  switch (op) {
    case 0:
      copy.splice(i, 1);
      return { what: `delete token ${i} ${JSON.stringify(tokens[i])}`, text: copy.join('') };
    case 1:
      copy.splice(i, 0, tokens[i]);
      return { what: `duplicate token ${i} ${JSON.stringify(tokens[i])}`, text: copy.join('') };
    case 2: {
      const j = solid[Math.min(solid.length - 1, solid.indexOf(i) + 1)];
      [copy[i], copy[j]] = [copy[j], copy[i]];
      return { what: `swap tokens ${i} and ${j}`, text: copy.join('') };
    }
    case 3: {
      const j = pick();
      copy[i] = tokens[j];
      return { what: `replace token ${i} by ${JSON.stringify(tokens[j])}`, text: copy.join('') };
    }
    default: {
      const x = TRICKY[Math.floor(rnd() * TRICKY.length)];
      copy.splice(i, 0, x);
      return { what: `insert ${JSON.stringify(x)} before token ${i}`, text: copy.join('') };
    }
  }
}

t.test(`${N} mutated programs: each compiles or gets a diagnostic inside the source (seed ${seed})`, async (t) => {
  t.comment(`seed ${seed} (TREMOR_FUZZ_SEED=${seed} replays it)`);
  const programs = corpus();
  t.ok(programs.length > 10, `a corpus of ${programs.length} programs`);
  const rnd = random(seed);
  let compiled = 0;
  let diagnosed = 0;
  const internal: string[] = [];
  for (let n = 0; n < N && internal.length < 5; n++) {
    const p = programs[Math.floor(rnd() * programs.length)];
    const m = mutate(p.text, rnd);
    const src = new Source(p.file, m.text);
    const loader = new FsLoader({ main: p.file });
    try {
      if (p.kind === 'script') compileScript(src, { loader });
      else compileQuery(src, { loader });
      compiled++;
    } catch (e) {
      const outside = e instanceof CompileError ? e.diagnostics.filter((d) => d.span && d.span.src === src && (d.span.start < 0 || d.span.end > m.text.length)) : [];
      if (e instanceof CompileError && outside.length === 0) diagnosed++;
      else internal.push(`${path.relative(root, p.file)}: ${m.what}: ${e instanceof CompileError ? `a position outside the source (${outside[0].message})` : `${(e as Error).name}: ${(e as Error).message}`}`);
    }
  }
  t.comment(`${compiled} compiled, ${diagnosed} diagnosed`);
  t.same(internal, [], `no internal errors (seed ${seed})`);
});
