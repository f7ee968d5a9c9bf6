/**
 * What a test folder holds, read before it runs: its troy files (Tremor's order), before /
 * after steps, env.yaml, assert.yaml, stdin and lib/; the tools its steps need, the docker
 * services that make it a SKIP, and expectations that depend on a deliberate difference of
 * tremor-stream (known differences, printed with a failure).
 */
import fs from 'node:fs';
import path from 'node:path';
import { asList, isDir, isFile, isRecord, readYaml, walkFiles } from './files.js';

/** a test found by discovery */
export interface TestCase {
  /** its path relative to the suite root ('/'-separated), or its folder's name */
  name: string;
  dir: string;
  /** the tags of its tags.yaml files, from the suite root down */
  tags: string[];
}

export interface Analysis {
  troys: string[];
  before: unknown[];
  after: unknown[];
  assert: Record<string, unknown> | null;
  assertError: string | null;
  klass: 'runnable-local' | 'needs-second-process' | 'skipped-docker';
  skip: string | null;
  notes: string[];
  known: string[];
  tools: string[];
  lib: boolean;
  stdin: boolean;
  env: Record<string, string>;
}

const SERVICES: [RegExp, string][] = [
  [/elasticsearch/i, 'elasticsearch'],
  [/redpanda|kafka/i, 'kafka (redpanda)'],
  [/minio/i, 'minio (s3)'],
  [/opentelemetry-collector|otel/i, 'otel-collector'],
  [/clickhouse/i, 'clickhouse'],
];

/** a YAML file of the test as a list of steps (none when absent or empty) */
function stepsOf(file: string): unknown[] {
  if (!isFile(file)) return [];
  const v = readYaml(file);
  return v === null || v === undefined ? [] : asList(v);
}

/** reads a test folder; throws when one of its YAML files (other than assert.yaml) is unreadable */
export function analyse(t: TestCase): Analysis {
  const a: Analysis = {
    troys: fs
      .readdirSync(t.dir)
      .filter((f) => /\.troy$/i.test(f) && isFile(path.join(t.dir, f)))
      .sort(),
    before: stepsOf(path.join(t.dir, 'before.yaml')),
    after: stepsOf(path.join(t.dir, 'after.yaml')),
    assert: null,
    assertError: null,
    klass: 'runnable-local',
    skip: null,
    notes: [],
    known: [],
    tools: [],
    lib: isDir(path.join(t.dir, 'lib')),
    stdin: isFile(path.join(t.dir, 'stdin')),
    env: {},
  };
  if (isFile(path.join(t.dir, 'env.yaml'))) {
    const e = readYaml(path.join(t.dir, 'env.yaml'));
    if (isRecord(e)) for (const [k, v] of Object.entries(e)) a.env[k] = String(v);
  }
  if (isFile(path.join(t.dir, 'assert.yaml'))) {
    try {
      const v = readYaml(path.join(t.dir, 'assert.yaml'));
      if (isRecord(v)) a.assert = v;
      else if (v !== null && v !== undefined) a.assertError = 'not a mapping';
    } catch (e) {
      a.assertError = e instanceof Error ? e.message.split('\n')[0] : String(e);
    }
  }
  const tools = new Set<string>();
  const services = new Set<string>();
  let second = false;
  for (const [phase, steps] of [
    ['before', a.before],
    ['after', a.after],
  ] as const) {
    for (const st of steps) {
      if (!isRecord(st)) continue;
      const base = path.basename(String(st.cmd ?? ''));
      if (base === 'docker' || base === 'podman') {
        const hay = asList(st.args).map(String).join(' ');
        const hit = SERVICES.filter(([re]) => re.test(hay)).map(([, n]) => n);
        for (const n of hit.length ? hit : ['a docker service']) services.add(n);
      } else if (base === 'tremor') {
        if (phase === 'before') second = true;
      } else if (phase === 'before' && base) {
        tools.add(base);
        const dir = path.resolve(t.dir, String(st.dir ?? '.'));
        for (const arg of asList(st.args).map(String)) {
          const f = path.resolve(dir, arg);
          if (isFile(f) && /\bopenssl\b/.test(fs.readFileSync(f, 'utf8'))) tools.add('openssl');
        }
      }
    }
  }
  a.tools = [...tools];
  if (services.size) {
    a.klass = 'skipped-docker';
    a.skip = `needs ${[...services].join(', ')} (docker)`;
  } else if (second) a.klass = 'needs-second-process';
  if (second) a.notes.push('before.yaml starts a second process (COMMAND run ...)');
  if (a.tools.length && !a.skip) a.notes.push(`before steps need ${a.tools.join(', ')}`);
  if (a.stdin) a.notes.push('stdin file piped to the process');
  if (a.lib) a.notes.push('own lib/ passed with --path');
  if (!a.troys.length) a.notes.push('no *.troy file in the test folder');
  if (a.troys.length > 1) a.notes.push(`several troy files: ${a.troys.join(' ')}`);
  a.known = knownDifferences(t, a);
  a.notes.push(...a.known.map((k) => `known difference: ${k}`));
  return a;
}

/** expected data that depends on behaviour tremor-stream changes on purpose */
function knownDifferences(t: TestCase, a: Analysis): string[] {
  const troyText = walkFiles(t.dir)
    .filter((f) => /\.(troy|tremor)$/i.test(f))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
  if (!/\bfrom\s+metronome\b/.test(troyText) || !a.assert || !Array.isArray(a.assert.asserts)) return [];
  const expected: string[] = [];
  for (const as of a.assert.asserts) {
    if (!isRecord(as)) continue;
    expected.push(...asList(as.contains).map(String), ...asList(as.doesnt_contain).map(String));
    if (as.equals_file && isFile(path.join(t.dir, String(as.equals_file)))) expected.push(fs.readFileSync(path.join(t.dir, String(as.equals_file)), 'utf8'));
  }
  if (expected.some((s) => /"connector"\s*:\s*"metronome"/.test(s))) {
    return ['expected output has metronome events keyed "connector":"metronome"; the implementation emits "onramp":"metronome" (expected data not rewritten)'];
  }
  return [];
}
