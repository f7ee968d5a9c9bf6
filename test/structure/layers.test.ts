/**
 * The one-way stack (README, Architecture): a file may import only from its own layer or the
 * layers below it, type imports included, and no files import each other in a cycle.
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../root.js';

const SRC = path.join(root, 'src');

/** lowest first; `index.ts` (the public API) is the top */
export const LAYERS = ['base', 'runtime', 'std', 'pipeline', 'lang', 'codecs', 'interceptors', 'connectors', 'deploy', 'flow', 'api', 'stream', 'app', 'lsp', 'cli', 'index'];

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** the relative imports of a file, resolved to .ts paths */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) continue;
    out.push(path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts'));
  }
  return out;
}

const layerOf = (file: string): string => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length === 1 ? rel[0].replace(/\.ts$/, '') : rel[0];
};

const files = sources(SRC);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

t.test('every folder of src/ has a place in the stack', async (t) => {
  for (const f of files) t.ok(LAYERS.includes(layerOf(f)), `${path.relative(SRC, f)} is in a known layer`);
});

t.test('imports only go down the stack', async (t) => {
  const back: string[] = [];
  const missing: string[] = [];
  // generated modules (the grammar bundle) exist as .js with a .d.ts beside them
  const exists = (d: string) => [d, d.replace(/\.ts$/, '.d.ts'), d.replace(/\.ts$/, '.js')].some((p) => fs.existsSync(p));
  for (const [f, deps] of graph) {
    for (const d of deps) {
      if (!exists(d)) missing.push(`${path.relative(SRC, f)} -> ${path.relative(SRC, d)}`);
      if (LAYERS.indexOf(layerOf(d)) > LAYERS.indexOf(layerOf(f))) back.push(`${path.relative(SRC, f)} -> ${path.relative(SRC, d)}`);
    }
  }
  t.same(missing, [], 'every import names an existing file');
  t.same(back, [], 'no back-edges');
});

t.test('no import cycles between files', async (t) => {
  // Tarjan's strongly connected components
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(path.relative(SRC, w));
      } while (w !== v);
      if (scc.length > 1) cycles.push(scc.sort());
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  t.same(cycles, [], 'no cycles');
});

t.test('the scanner sees type imports, re-exports and dynamic imports', async (t) => {
  const tmp = fs.mkdtempSync(path.join(SRC, '..', '.layers-'));
  try {
    const f = path.join(tmp, 'a.ts');
    fs.writeFileSync(f, "import type { X } from './x.js';\nexport { y } from './y.js';\nconst z = await import('./z.js');\nimport './w.js';\n");
    t.same(
      importsOf(f).map((p) => path.basename(p)),
      ['x.ts', 'y.ts', 'z.ts', 'w.ts'],
    );
  } finally {
    fs.rmSync(tmp, { recursive: true });
  }
});
