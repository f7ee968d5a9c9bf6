/**
 * Start-up cost of the command line: `query` must not load the connectors' packages. The
 * bundle (dist/cli-bundle) splits each command into its own chunk; this follows the static
 * imports from the `query` chunk and checks which packages they reach.
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { root } from '../root.js';

const dir = path.join(root, 'dist/cli-bundle');

/** the modules a file imports statically (`import … from "x"` / `import "x"`, not `import()`) */
function staticImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s+(?:[^'"()]*?\s+from\s+)?["']([^"']+)["'];?/gm)].map((m) => m[1]);
}

function reachable(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec));
      else packages.add(spec);
    }
  };
  visit(entry);
  return packages;
}

t.test('the query command loads no connector packages', { skip: !fs.existsSync(dir) && 'no bundle (npm run build)' }, (t) => {
  const query = fs.readdirSync(path.join(dir, 'chunks')).find((f) => /^query-.*\.mjs$/.test(f));
  t.ok(query, 'query has its own chunk');
  const pkgs = reachable(path.join(dir, 'chunks', query!));
  const main = reachable(path.join(dir, 'main.mjs'));
  for (const heavy of ['lmdb', 'undici', 'ws', 'croner', 'msgpackr', 'yaml', 'csv-parse', 'csv-stringify']) {
    t.notOk(pkgs.has(heavy), `query does not load ${heavy}`);
    t.notOk(main.has(heavy), `the dispatcher does not load ${heavy}`);
  }
  t.ok(pkgs.has('node:stream') || pkgs.has('node:fs'), 'the scan sees the imports it should');
  t.end();
});
