import t from 'tap';
import { integer } from '../../src/std/integer.js';
import { I64_MAX, I64_MIN, U64_MAX, type Value } from '../../src/runtime/value.js';

const parse = (v: Value) => integer.fns.parse.impl(v);
const err = (msg: string) => ({ code: 'R010', message: `Runtime error in function integer::parse/1: ${msg}` });

t.test('parse follows Rust i64 parsing', (t) => {
  t.equal(parse('42'), 42);
  t.equal(parse('-42'), -42);
  t.equal(parse('+7'), 7);
  t.equal(parse('9223372036854775807'), I64_MAX);
  t.equal(parse('-9223372036854775808'), I64_MIN);
  t.equal(parse('0009007199254740993'), 9007199254740993n);
  t.throws(() => parse(''), err('cannot parse integer from empty string'));
  t.throws(() => parse(' 1'), err('invalid digit found in string'));
  t.throws(() => parse('1_000'), err('invalid digit found in string'));
  t.throws(() => parse('-'), err('invalid digit found in string'));
  t.throws(() => parse('9223372036854775808'), err('number too large to fit in target type'));
  t.throws(() => parse('-9223372036854775809'), err('number too small to fit in target type'));
  t.throws(() => parse(1), { code: 'T004', message: 'Bad type passed to function integer::parse/1' });
  t.end();
});

t.test('signed and unsigned constants', (t) => {
  t.equal(integer.mods.signed.consts.MAX, I64_MAX);
  t.equal(integer.mods.signed.consts.MIN, I64_MIN);
  t.equal(integer.mods.unsigned.consts.MAX, U64_MAX);
  t.equal(integer.mods.unsigned.consts.MIN, 0);
  t.equal(integer.mods.signed.consts.min, I64_MIN, '0.12 lower-case names still resolve');
  t.end();
});
