import t from 'tap';
import { string } from '../../src/std/string.js';
import { FloatBox, type Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => string.fns[name].impl(...args);
const badType = (f: string, n: number) => ({ code: 'T004', message: `Bad type passed to function string::${f}/${n}` });

t.test('format', (t) => {
  t.equal(call('format', 'the {} is {}.', 'meaning of life', 42), 'the meaning of life is 42.');
  t.equal(call('format', '{} {} {}', new FloatBox(1), [1, 'a'], { a: null }), '1.0 [1,"a"] {"a":null}');
  t.equal(call('format', '{{ literal }}'), '{ literal }');
  t.equal(call('format', '\\{x\\}'), '{x}');
  t.equal(call('format', 'héllo {}', '😀'), 'héllo 😀');
  t.same(string.fns.format.maxArity, Infinity);
  t.equal(string.fns.format.minArity, 1);
  t.throws(() => call('format', 7, 'snot', 'badger'), {
    code: 'R010',
    message: 'Runtime error in function string::format/3: expected 1st parameter to format to be a format specifier e.g. to print a number use `string::format("{}", 1)`',
  });
  t.throws(() => call('format', '{} {}', 1), {
    message: 'Runtime error in function string::format/2: the arguments passed to the format function are less than the `{}` specifiers in the format string. The placeholder at 3 can not be filled',
  });
  t.throws(() => call('format', '{}', 1, 2), {
    message: 'Runtime error in function string::format/3: too many parameters passed. Ensure that you have the same number of {} in your format string',
  });
  t.throws(() => call('format', 'a { b'), { message: /format specifier at 2 is invalid/ });
  t.throws(() => call('format', 'a } b'), { message: /terminate `}` with another `}`/ });
  t.end();
});

t.test('length functions count code points and bytes', (t) => {
  t.equal(call('len', 'é😀'), 2);
  t.equal(call('len', ''), 0);
  t.equal(call('bytes', 'é😀'), 6);
  t.equal(call('is_empty', ''), true);
  t.equal(call('is_empty', ' '), false);
  t.throws(() => call('len', 1), badType('len', 1));
  t.throws(() => call('bytes', null), badType('bytes', 1));
  t.throws(() => call('is_empty', []), badType('is_empty', 1));
  t.end();
});

t.test('replace, contains, split', (t) => {
  t.equal(call('replace', 'this is a test', 'test', 'cake'), 'this is a cake');
  t.equal(call('replace', 'aaa', 'a', 'b'), 'bbb');
  t.throws(() => call('replace', 'a', 1, 'b'), badType('replace', 3));
  t.equal(call('contains', 'hello snot badger', 'snot'), true);
  t.equal(call('contains', 'hello', 'gnot'), false);
  t.throws(() => call('contains', 'a', null), badType('contains', 2));
  t.same(call('split', 'this is a test', ' '), ['this', 'is', 'a', 'test']);
  t.same(call('split', 'snot', '/'), ['snot']);
  t.same(call('split', '', '/'), ['']);
  t.same(call('split', 'ab', ''), ['', 'a', 'b', '']);
  t.same(call('split', 'a😀', ''), ['', 'a', '😀', '']);
  t.throws(() => call('split', 'a', 1), badType('split', 2));
  t.end();
});

t.test('trimming uses Unicode White_Space', (t) => {
  t.equal(call('trim', ' \t this is a test \u0085'), 'this is a test');
  t.equal(call('trim', '\ufeffx'), '\ufeffx');
  t.equal(call('trim_start', ' this is a test '), 'this is a test ');
  t.equal(call('trim_end', ' this is a test '), ' this is a test');
  t.throws(() => call('trim', 1), badType('trim', 1));
  t.throws(() => call('trim_start', 1), badType('trim_start', 1));
  t.throws(() => call('trim_end', 1), badType('trim_end', 1));
  t.end();
});

t.test('case mapping', (t) => {
  t.equal(call('lowercase', 'THIS IS Ä TEST'), 'this is ä test');
  t.equal(call('uppercase', 'this is ß'), 'THIS IS SS');
  t.equal(call('capitalize', 'this is a test'), 'This is a test');
  t.equal(call('capitalize', 'éa'), 'Éa');
  t.equal(call('capitalize', ''), '');
  t.throws(() => call('lowercase', 1), badType('lowercase', 1));
  t.throws(() => call('uppercase', 1), badType('uppercase', 1));
  t.throws(() => call('capitalize', 1), badType('capitalize', 1));
  t.end();
});

t.test('substr uses code points and Tremor clamping', (t) => {
  t.equal(call('substr', 'this is a test', 5, 7), 'is');
  t.equal(call('substr', '♥ utf8', 0, 1), '♥');
  t.equal(call('substr', '♥ utf8', 2, 6), 'utf8');
  t.equal(call('substr', '😀ab', 1, 2), 'a');
  t.equal(call('substr', 'abc', 1, 100), 'bc');
  t.equal(call('substr', 'abc', 5, 100), 'abc', 'a start beyond the end means 0');
  t.throws(() => call('substr', 'abc', 2, 1), { code: 'R010' });
  t.throws(() => call('substr', 'abc', -1, 1), badType('substr', 3));
  t.throws(() => call('substr', 'abc', 1.5, 2), badType('substr', 3));
  t.throws(() => call('substr', 1, 0, 1), badType('substr', 3));
  t.end();
});

t.test('binary conversions and reverse', (t) => {
  t.same(call('into_binary', 'é'), new Uint8Array([0xc3, 0xa9]));
  t.equal(call('from_utf8_lossy', new Uint8Array([0x61, 0xff, 0x62])), 'a\ufffdb');
  t.equal(call('reverse', 'ab😀'), '😀ba');
  t.throws(() => call('into_binary', 1), badType('into_binary', 1));
  t.throws(() => call('from_utf8_lossy', 'a'), badType('from_utf8_lossy', 1));
  t.throws(() => call('reverse', 1), badType('reverse', 1));
  t.end();
});
