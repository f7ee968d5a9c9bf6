/**
 * The README's library examples (issue #18): every ```ts block of its "Library" section is
 * type-checked with strict TypeScript against the package's own types (src/index.ts) and then
 * run against the build; what it prints must be what its comments say (`// a b c` after a
 * console.log line).
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { pathToFileURL } from 'node:url';
import { root } from '../root.js';

const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('\n## Library\n'), readme.indexOf('\n## ', readme.indexOf('\n## Library\n') + 5));
const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

/** the expected output: the comments after console.log lines */
const expected = (code: string) =>
  code
    .split('\n')
    .filter((l) => l.includes('console.log') || /\.write\(.*\/\/ /.test(l))
    .map((l) => /\/\/ (?:prints )?(.*)$/.exec(l)?.[1])
    .filter((x): x is string => x !== undefined);

t.test('the Library section has its examples', async (t) => {
  t.ok(blocks.length >= 2, `${blocks.length} examples`);
  t.match(blocks[0], /import \{ query, script, deploy/, 'the first uses the one-call API');
});

t.test('each example type-checks (strict) against the package types', async (t) => {
  const dir = fs.mkdtempSync(path.join(root, 'build', 'readme-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const index = path.join(root, 'src/index.js');
  const files = blocks.map((code, i) => {
    const f = path.join(dir, `example${i}.ts`);
    fs.writeFileSync(f, `${code.replaceAll("'tremor-stream'", JSON.stringify(index))}\nexport {};\n`);
    return f;
  });
  const program = ts.createProgram(files, {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    noEmit: true,
    skipLibCheck: true,
  });
  const diags = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(path.normalize(d.file.fileName)));
  t.same(
    diags.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    [],
    'no type errors',
  );
});

t.test('each example runs and prints what its comments say', async (t) => {
  const built = path.join(root, 'build/src/index.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-run-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [i, code] of blocks.entries()) {
    const js = ts.transpileModule(code.replaceAll("'tremor-stream'", JSON.stringify(pathToFileURL(built).href)), {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText;
    const file = path.join(dir, `example${i}.mjs`);
    fs.writeFileSync(file, js);
    const printed: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => printed.push(args.map(String).join(' '));
    try {
      await import(pathToFileURL(file).href);
      // stream callbacks run on later turns: wait until every expected line is there
      const want = expected(code);
      for (let turn = 0; printed.length < want.length && turn < 10_000; turn++) await new Promise((r) => setImmediate(r));
      t.same(printed, want, `example ${i}`);
    } finally {
      console.log = log;
    }
  }
});
