/**
 * One event with a pattern that backtracks must not stall the stream: `std::re` and the
 * `re|…|` extractor run in linear time (src/std/regex.ts), and what Rust's `regex` rejects —
 * backreferences, look-around — is rejected when the script or query compiles, at the culprit.
 * These tests assert outcomes (the match completed, its result, the error and its position),
 * never durations.
 */
import t from 'tap';
import { runQuery, compileFailure } from '../helpers.js';
import { compileQuery } from '../../src/lang/query/compile.js';
import { compileScript } from '../../src/lang/script.js';
import { re } from '../../src/std/re.js';
import { compileRegex, translate } from '../../src/std/regex.js';
import { prepareExtractor } from '../../src/std/extractors/index.js';

const EVIL = `${'a'.repeat(40)}!`;
const GOOD = 'a'.repeat(40);

t.test('re::is_match with ^(a+)+$ on 40 a and a ! completes, in a query', (t) => {
  const q = 'use std::re; select {"m": re::is_match("^(a+)+$", event)} from in into out;';
  const r = runQuery(q, [JSON.stringify(EVIL), JSON.stringify(GOOD)]);
  t.same(r.errors, []);
  t.same(r.out, ['{"m":false}', '{"m":true}']);
  t.end();
});

t.test('a dynamic pattern (compiled per event) completes too', (t) => {
  const q = 'use std::re; select {"m": re::is_match(event.p, event.s)} from in into out;';
  const r = runQuery(q, [JSON.stringify({ p: '^(a+)+$', s: EVIL }), JSON.stringify({ p: '^(a|aa)+$', s: `${'a'.repeat(60)}b` })]);
  t.same(r.out, ['{"m":false}', '{"m":false}']);
  t.end();
});

t.test('the re extractor with ^(?P<x>(a+)+)$ completes, in a query', (t) => {
  const q = `select match event of case r = %{ s ~= re|^(?P<run>(a+)+)$| } => r.s case _ => "no match" end from in into out;`;
  const r = runQuery(q, [JSON.stringify({ s: EVIL }), JSON.stringify({ s: GOOD })]);
  t.same(r.errors, []);
  t.same(r.out, ['"no match"', JSON.stringify({ run: GOOD })]);
  t.end();
});

t.test('replace_all, split and rerg with a backtracking pattern complete', (t) => {
  const call = (name: string, ...args: string[]) => re.fns[name].impl(...args);
  const line = `${EVIL} ${EVIL}`;
  t.equal(call('replace_all', '(a+)+b', line, 'x'), line);
  t.same(call('split', '(a+)+b', line), [line]);
  const p = prepareExtractor('rerg', '(?P<x>(a+)+)!');
  if ('error' in p) throw new Error(p.error);
  t.same(p.test(line, undefined), { x: [GOOD, GOOD] });
  t.end();
});

t.test('the match is the leftmost-first match Rust gives', (t) => {
  t.same(compileRegex('(a|ab)(c|bcd)(d*)').exec('abcd')?.slice(0, 4), ['abcd', 'a', 'bcd', '']);
  t.same(compileRegex('^(\\w+)\\s*=\\s*(.*?)\\s*$').exec('key =  some value  ')?.slice(1), ['key', 'some value']);
  t.end();
});

t.test('a backreference in a constant pattern is a compile error at the backreference', (t) => {
  const f = compileFailure(() => compileQuery('use std::re; select re::is_match("(a)\\\\1", event) from in into out;'));
  t.equal(f.code, 'R010');
  t.equal(f.at, '1:38', 'at the \\1 inside the string literal');
  t.match(f.message, /backreferences are not supported/);
  t.end();
});

t.test('look-ahead and look-behind in a constant pattern are compile errors at the group', (t) => {
  const ahead = compileFailure(() => compileScript('use std::re;\nlet x = 1;\nre::replace("foo(?=bar)", event, "x")'));
  t.equal(ahead.code, 'R010');
  t.equal(ahead.at, '3:17');
  t.match(ahead.message, /look-around, including look-ahead and look-behind, is not supported/);
  const behind = compileFailure(() => compileScript('use std::re;\nre::split("(?<!a)b", event)'));
  t.equal(behind.at, '2:12');
  t.match(behind.message, /look-around/);
  const negAhead = compileFailure(() => compileScript('use std::re;\nre::is_match("x(?!y)", event)'));
  t.equal(negAhead.at, '2:16');
  t.end();
});

t.test('the extractor rejects the same patterns at compile time, at the extractor', (t) => {
  const f = compileFailure(() => compileScript('match event of case %{ a ~= re|(x)\\\\1| } => 1 case _ => 0 end'));
  t.equal(f.code, 'C010');
  t.equal(f.at, '1:29');
  t.match(f.message, /backreferences are not supported/);
  const g = compileFailure(() => compileScript('match event of case %{ a ~= rerg|(?<=x)y| } => 1 case _ => 0 end'));
  t.match(g.message, /look-around/);
  t.end();
});

t.test('a dynamic pattern Rust rejects fails the event with a clear runtime error', (t) => {
  const q = 'use std::re; select re::is_match(event.p, "aa") from in into out;';
  const r = runQuery(q, [JSON.stringify({ p: '(a)\\1' }), JSON.stringify({ p: 'a' })]);
  t.equal(r.errors.length, 1);
  t.match(String((r.errors[0] as Error).message), /backreferences are not supported/);
  t.same(r.out, ['true'], 'the next event still comes out');
  t.end();
});

t.test('translate gives V8 linear-engine source: no u or i flag', (t) => {
  for (const p of ['(?i)snot', '\\pL+', '.', '[^a]', '\\x{1F600}', '[0-9a-f]{40}']) {
    const [, flags] = translate(p);
    t.notOk(/[ui]/.test(flags), `${p}: ${flags}`);
  }
  t.end();
});
