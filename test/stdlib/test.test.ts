import t from 'tap';
import { test } from '../../src/std/test.js';
import { FloatBox, type Value } from '../../src/runtime/value.js';

const assert = (d: Value, e: Value, g: Value) => test.fns.assert.impl(d, e, g);

t.test('assert is true when equal under ==', (t) => {
  t.equal(assert('one equals one', 1, 1), true);
  t.equal(assert('int equals float', 1, new FloatBox(1)), true);
  t.equal(assert('deep', { a: [1, 2] }, { a: [1, 2] }), true);
  t.end();
});

t.test('assert fails with both values', (t) => {
  t.throws(() => assert('one equals two', 1, 2), {
    code: 'R010',
    message: 'Runtime error in function test::assert/3: \nAssertion for one equals two failed:\n    expected: 1\n    got: 2\n',
  });
  t.throws(() => assert(['d'], 'a', { b: 1 }), { message: /Assertion for \["d"\] failed:\n {4}expected: "a"\n {4}got: \{"b":1\}/ });
  t.end();
});
