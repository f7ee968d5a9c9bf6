/**
 * The input policy (issue "Reliability", row 9; DECISIONS.md, Input and output policy): a
 * leading BOM is skipped; invalid UTF-8 makes a bad line (reported with its number, never
 * decoded with replacement characters); a number beyond the float range is an error for its
 * line, never `null`; a line nested deeper than the limit (1024) is a bad line. The other
 * lines are processed and the status is 2 when a line was bad.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { cli } from './run-cli.js';

const query = (input: Buffer | string) => spawnSync(process.execPath, [cli, 'query', 'select event from in into out'], { input, encoding: 'utf8' });

t.test('a leading BOM is skipped: line 1 is read', (t) => {
  const r = query(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}\n{"a":2}\n')]));
  t.equal(r.stdout, '{"a":1}\n{"a":2}\n');
  t.equal(r.stderr, '');
  t.equal(r.status, 0);
  t.end();
});

t.test('a BOM anywhere else is not skipped', (t) => {
  const r = query(Buffer.concat([Buffer.from('{"a":1}\n'), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":2}\n')]));
  t.equal(r.stdout, '{"a":1}\n');
  t.match(r.stderr, /^line 2: invalid JSON/);
  t.equal(r.status, 2);
  t.end();
});

t.test('invalid UTF-8 is a bad line with its number, not replaced', (t) => {
  const r = query(Buffer.concat([Buffer.from('{"a":1}\n{"b":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"a":3}\n')]));
  t.equal(r.stdout, '{"a":1}\n{"a":3}\n');
  t.equal(r.stderr, 'line 2: not valid UTF-8\n');
  t.equal(r.status, 2);
  t.end();
});

t.test('a real replacement character is valid text', (t) => {
  const r = query('{"b":"\ufffd"}\n');
  t.equal(r.stdout, '{"b":"\ufffd"}\n');
  t.equal(r.status, 0);
  t.end();
});

t.test('numbers beyond the float range are an error for their line, never null', (t) => {
  const r = query('{"a":1}\n{"c":1e400}\n[-1e400]\n{"d":1' + '0'.repeat(400) + '}\n{"e":1e308}\n');
  t.equal(r.stdout, '{"a":1}\n{"e":1e308}\n');
  t.match(r.stderr, /^line 2: invalid JSON: number out of range: 1e400 at column 6\nline 3: invalid JSON: number out of range: -1e400 at column 2\nline 4: invalid JSON: number out of range/);
  t.notMatch(r.stdout, /null/);
  t.equal(r.status, 2);
  t.end();
});

t.test('nesting deeper than 1024 levels is a bad line; 1024 levels pass', (t) => {
  const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
  const r = query(`${nest(1024)}\n${nest(1025)}\n{"a":${nest(5000)}}\n{"a":2}\n`);
  t.equal(r.stdout, `${nest(1024)}\n{"a":2}\n`);
  t.equal(r.stderr, 'line 2: invalid JSON: nesting deeper than 1024 levels at column 1025\nline 3: invalid JSON: nesting deeper than 1024 levels at column 1029\n');
  t.equal(r.status, 2);
  t.end();
});
