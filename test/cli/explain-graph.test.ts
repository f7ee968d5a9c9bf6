/**
 * `explain app.troy --graph [--dot]` (issue #17): a deployment's flow graph as Mermaid or DOT,
 * every node that a link uses and every link with its ports.
 */
import t from 'tap';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from '../root.js';

const cli = path.join(root, 'bin/tremor-stream.js');
const explain = (...args: string[]) => spawnSync(process.execPath, [cli, 'explain', ...args], { encoding: 'utf8' });
const app = path.join(root, 'fixtures/apps/metronome/main.troy');

t.test('Mermaid: a subgraph per flow, boxes for connectors, rounded ones for pipelines', async (t) => {
  const r = explain(app, '--graph');
  t.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  t.equal(lines[0], 'flowchart LR');
  t.match(r.stdout, /subgraph flow_main \["flow main"\]/);
  t.match(r.stdout, /main_c\d\["every_second \(metronome\)"\]/);
  t.match(r.stdout, /main_p\d\("main"\)/);
  t.equal(lines.filter((l) => l.includes(' --> ')).length, 4, 'four links');
  t.match(r.stdout, /main_c\d -- "out → in" --> main_p\d/);
  t.equal(explain(app).stdout, r.stdout, 'a .troy is explained as its graph');
});

t.test('DOT: a digraph per flow', async (t) => {
  const r = explain(app, '--graph', '--dot');
  t.equal(r.status, 0, r.stderr);
  t.match(r.stdout, /^digraph "main" \{\n {2}rankdir=LR;\n/);
  t.match(r.stdout, /"connector\/every_second" -> "pipeline\/main" \[label="out → in"\];/);
  t.match(r.stdout, /"pipeline\/main" \[label="main", shape=box, style=rounded\];/);
  t.match(r.stdout, /\}\n$/);
});

t.test('a deployment that does not compile: its diagnostic, status 1', async (t) => {
  const r = explain(path.join(root, 'fixtures/apps/metronome-doc-typo/main.troy'), '--graph');
  t.equal(r.status, 1);
  t.match(r.stderr, /Error/);
});
