import t from 'tap';
import { type } from '../../src/std/type.js';
import { FloatBox, I64_MAX, U64_MAX, type Value } from '../../src/runtime/value.js';

const call = (name: string, v: Value) => type.fns[name].impl(v);

t.test('as_string names every type', (t) => {
  const cases: [Value, string][] = [
    [null, 'null'],
    [true, 'bool'],
    [42, 'integer'],
    [U64_MAX, 'integer'],
    [new FloatBox(42), 'float'],
    [0.5, 'float'],
    ['s', 'string'],
    [[], 'array'],
    [{}, 'record'],
    [new Uint8Array([1]), 'bytes'],
  ];
  for (const [v, name] of cases) t.equal(call('as_string', v), name);
  t.end();
});

t.test('type tests', (t) => {
  t.equal(call('is_null', null), true);
  t.equal(call('is_null', 'x'), false);
  t.equal(call('is_bool', false), true);
  t.equal(call('is_bool', 0), false);
  t.equal(call('is_integer', 42), true);
  t.equal(call('is_integer', I64_MAX), true);
  t.equal(call('is_integer', U64_MAX), false, 'u64 beyond i64::MAX is not an i64');
  t.equal(call('is_integer', new FloatBox(1)), false);
  t.equal(call('is_float', new FloatBox(42)), true);
  t.equal(call('is_float', 42), false);
  t.equal(call('is_number', 42), true);
  t.equal(call('is_number', 0.5), true);
  t.equal(call('is_number', '1'), false);
  t.equal(call('is_string', 'a'), true);
  t.equal(call('is_string', 1), false);
  t.equal(call('is_array', []), true);
  t.equal(call('is_array', {}), false);
  t.equal(call('is_record', {}), true);
  t.equal(call('is_record', []), false);
  t.equal(call('is_binary', new Uint8Array()), true);
  t.equal(call('is_binary', 'a'), false);
  t.end();
});

t.test('type functions are pure, arity 1, and never fail', (t) => {
  for (const f of Object.values(type.fns)) {
    t.equal(f.minArity, 1);
    t.equal(f.maxArity, 1);
    t.equal(f.pure, true);
  }
  t.end();
});
