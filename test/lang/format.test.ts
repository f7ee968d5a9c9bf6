/**
 * The formatter (issue #18): on every program of the corpora — Tremor's conformance tests,
 * its integration and bench apps, our fixtures — formatting is idempotent, and a program that
 * parses parses to the same tree once formatted (spans aside); comments are all kept.
 */
import t from 'tap';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { format } from '../../src/lang/format.js';
import { parseDeploy, parseModule, parseQuery, parseScript } from '../../src/lang/parse.js';
import { Source } from '../../src/base/source.js';
import { root } from '../root.js';

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? files(p) : /\.(tremor|trickle|troy)$/.test(d.name) ? [p] : [];
  });
}

/** the tree of a program, spans left out; null when it does not parse */
function tree(file: string, text: string): string | null {
  const src = new Source(file, text);
  const parsers = file.endsWith('.troy') ? [parseDeploy] : file.endsWith('.trickle') ? [parseQuery] : [parseScript, parseModule];
  for (const parse of parsers) {
    try {
      return JSON.stringify(parse(src), (k, v) => {
        if (k === 'span' || k === 'src' || k.endsWith('Span')) return undefined;
        // positions under other names (`{start, end}`)
        if (v && typeof v === 'object' && typeof v.start === 'number' && typeof v.end === 'number') return undefined;
        if (typeof v === 'bigint') return `${v}n`;
        if (v instanceof Uint8Array) return [...v];
        return v;
      });
    } catch {
      // the next parser, or none
    }
  }
  return null;
}

const comments = (s: string) => (s.match(/#(?![{!]).*$/gm) ?? []).map((c) => c.trimEnd());

t.test('every corpus program: idempotent, the same tree, every comment kept', async (t) => {
  const all = [
    ...files(path.resolve(root, '../shared/conformance/tests')),
    ...files(path.resolve(root, '../shared/integration/tests')),
    ...files(path.resolve(root, '../shared/bench/tests')),
    ...files(path.join(root, 'fixtures')),
    ...files(path.join(root, 'lib')),
  ];
  let parsed = 0;
  let formatted = 0;
  const wrong: string[] = [];
  for (const file of all) {
    const text = fs.readFileSync(file, 'utf8');
    let once: string;
    try {
      once = format(text, file);
    } catch {
      // a lexical error: there is nothing to format (the corpus has such on purpose)
      if (tree(file, text) !== null) wrong.push(`${file}: parses but does not format`);
      continue;
    }
    formatted++;
    if (format(once, file) !== once) wrong.push(`${file}: not idempotent`);
    const before = tree(file, text);
    if (before !== null) {
      parsed++;
      if (tree(file, once) !== before) wrong.push(`${file}: the tree changed`);
    }
    const strings = /"(?:[^"\\\n]|\\.)*"|"""[\s\S]*?"""/g;
    if (comments(once.replace(strings, '""')).join('\n') !== comments(text.replace(strings, '""')).join('\n')) wrong.push(`${file}: comments changed`);
  }
  t.same(wrong, [], 'no program changed meaning or lost a comment');
  t.ok(parsed > 300, `${parsed} parsing programs compared (${formatted} formatted of ${all.length})`);
});

t.test('layout: indentation by structure, spacing within lines', async (t) => {
  const messy = [
    'define flow main',
    'flow',
    'define connector m from metronome',
    'with',
    '      config = {  "interval" : 10 }',
    'end;   # ticks',
    '',
    '',
    '',
    'define pipeline p',
    'pipeline',
    '  define script s',
    '  script',
    'match event of',
    'case %{ a == 1 } =>',
    '"one"',
    '    default => [ 1 ,2 ]',
    'end',
    'end;',
    'create script s;',
    'select event from in into s ;',
    'select event from s into out;',
    'end;',
    'end;',
  ].join('\n');
  t.equal(
    format(messy),
    [
      'define flow main',
      'flow',
      '  define connector m from metronome',
      '  with',
      '    config = {"interval" : 10}',
      '  end; # ticks',
      '',
      '  define pipeline p',
      '  pipeline',
      '    define script s',
      '    script',
      '      match event of',
      '        case %{a == 1} =>',
      '          "one"',
      '        default => [1, 2]',
      '      end',
      '    end;',
      '    create script s;',
      '    select event from in into s;',
      '    select event from s into out;',
      '  end;',
      'end;',
      '',
    ].join('\n'),
  );
});

t.test('tremor-stream fmt: stdout, --check, --write', async (t) => {
  const cli = path.join(root, 'bin/tremor-stream.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tremor-fmt-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'q.trickle');
  fs.writeFileSync(file, 'select   event   from in into out ;\n');
  const show = spawnSync(process.execPath, [cli, 'fmt', file], { encoding: 'utf8' });
  t.same([show.status, show.stdout], [0, 'select event from in into out;\n']);
  const check = spawnSync(process.execPath, [cli, 'fmt', '--check', file], { encoding: 'utf8' });
  t.same([check.status, check.stdout], [1, `${file}\n`]);
  const write = spawnSync(process.execPath, [cli, 'fmt', '--write', file], { encoding: 'utf8' });
  t.equal(write.status, 0);
  t.equal(fs.readFileSync(file, 'utf8'), 'select event from in into out;\n');
  t.equal(spawnSync(process.execPath, [cli, 'fmt', '--check', file], { encoding: 'utf8' }).status, 0, 'formatted: nothing to do');
  fs.writeFileSync(file, 'select "unterminated from in into out;\n');
  const bad = spawnSync(process.execPath, [cli, 'fmt', file], { encoding: 'utf8' });
  t.equal(bad.status, 1);
  t.match(bad.stderr, /forgot to terminate a string/);
});
