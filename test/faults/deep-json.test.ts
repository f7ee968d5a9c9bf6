/**
 * Deep JSON (issue "Reliability", row 2): the same nesting limit (1024 levels) for parsing
 * and encoding. A deeper line is an error for that line and the stream goes on; a deeper value
 * built by a script cannot be encoded: an error for that event, and the stream goes on.
 * Nothing overflows the stack, in the command line or in the library.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cli, passApp, STDIO, tempDir } from './run-cli.js';
import { MAX_DEPTH, NestingError, parseExact, parseJson, parseJsonFast, stringify, stringifyPretty, stringifySorted } from '../../src/runtime/json.js';
import type { Value } from '../../src/runtime/value.js';

const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepValue = (n: number): Value => {
  let v: Value = [];
  for (let i = 1; i < n; i++) v = [v];
  return v;
};

t.test('the limit is the same both ways, in every parser and encoder', (t) => {
  t.equal(MAX_DEPTH, 1024);
  for (const parse of [parseJson, parseJsonFast, parseExact]) {
    t.equal(stringify(parse(nest(1024))), nest(1024), `${parse.name}: 1024 levels`);
    t.throws(() => parse(nest(1025)), /nesting deeper than 1024 levels/, `${parse.name}: 1025 levels`);
    t.throws(() => parse(nest(200_000)), /nesting deeper than 1024 levels/, `${parse.name}: 200000 levels`);
    t.throws(() => parse('{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)), /nesting deeper/, `${parse.name}: deep records`);
  }
  for (const encode of [stringify, stringifySorted, (v: Value) => stringifyPretty(v)]) {
    t.doesNotThrow(() => encode(deepValue(1024)));
    t.throws(() => encode(deepValue(1025)), NestingError);
    t.throws(() => encode(deepValue(100_000)), NestingError);
  }
  t.end();
});

t.test('query: a line 5000 levels deep is reported, the lines around it are written', (t) => {
  const r = spawnSync(process.execPath, [cli, 'query', 'select event from in into out'], { input: `{"a":1}\n${nest(5000)}\n{"a":2}\n`, encoding: 'utf8' });
  t.equal(r.stdout, '{"a":1}\n{"a":2}\n');
  t.equal(r.stderr, 'line 2: invalid JSON: nesting deeper than 1024 levels at column 1025\n');
  t.equal(r.status, 2);
  t.end();
});

t.test('query: values a script nests deeper than the limit are errors for their events', (t) => {
  // the script's state grows one level per event: event k emits k levels
  const q = 'define script grow script let state = match state of case null => [] case _ => [state] end; state end; create script grow; select event from in into grow; select event from grow into out;';
  const input = Array.from({ length: 1100 }, (_, i) => `${i}\n`).join('');
  const r = spawnSync(process.execPath, [cli, 'query', q], { input, encoding: 'utf8', maxBuffer: 1 << 26 });
  const out = r.stdout.split('\n').filter(Boolean);
  t.equal(out.length, 1024, 'the events up to the limit are written');
  t.equal(out[1023], nest(1024));
  const errors = r.stderr.split('\n').filter(Boolean);
  t.equal(errors.length, 1100 - 1024, 'one error per deeper event');
  t.match(errors[0], /^error: an event on port out was not written: the value is nested deeper than 1024 levels/);
  t.equal(r.status, 2);
  t.end();
});

t.test('run: a deep line on stdin goes to the err port, the flow goes on', (t) => {
  // 2000 levels: within the separate preprocessor's line length (8192 bytes)
  const dir = tempDir(t, 'deep-run');
  const app = path.join(dir, 'app.troy');
  fs.writeFileSync(app, passApp(STDIO, STDIO));
  const r = spawnSync(process.execPath, [cli, 'run', app], { input: `{"a":1}\n${nest(2000)}\n{"a":2}\n`, encoding: 'utf8', cwd: dir });
  t.equal(r.stdout, '{"a":1}\n{"a":2}\n');
  t.match(r.stderr, /nesting deeper than 1024 levels/);
  t.notMatch(r.stderr, /RangeError|Maximum call stack/);
  t.end();
});
