import t from 'tap';
import { prepareExtractor } from '../../src/std/extractors/index.js';

function kv(rule: string) {
  const p = prepareExtractor('kv', rule);
  if ('error' in p) throw new Error(p.error);
  return (s: string) => p.test(s, undefined);
}
const error = (rule: string) => {
  const p = prepareExtractor('kv', rule);
  return 'error' in p ? p.error : undefined;
};

t.test('default separators: space between fields, colon between key and value', (t) => {
  t.same(kv('')('foo:bar snot:badger'), { foo: 'bar', snot: 'badger' });
  t.same(kv(' ')('a:b c:d'), { a: 'b', c: 'd' });
  t.same(kv('%{key}:%{val} %{key}:%{val}')('a:b c:d'), { a: 'b', c: 'd' });
  t.end();
});

t.test('configured separators', (t) => {
  t.same(kv('%{key}=%{val}')('this=is a=test'), { this: 'is', a: 'test' });
  t.same(kv('%{key}=%{val}&')('this=is&a=test'), { this: 'is', a: 'test' });
  t.same(kv('&')('this:is&a:test'), { this: 'is', a: 'test' });
  t.same(kv('\\n%{key}=%{val}')('this=is\na=test'), { this: 'is', a: 'test' });
  t.same(kv('%{key}%{%{val}')('this%{is a%{test'), { this: 'is', a: 'test' });
  t.same(kv('%{key}=%{val};%{key}:%{val} %{key}:%{val}')('this=is;a=test for:seperators'), {
    this: 'is',
    a: 'test',
    for: 'seperators',
  });
  t.end();
});

t.test('fields that are not exactly one pair are dropped; no pair is no match', (t) => {
  t.same(kv('')('a:b junk c:d:e f:g'), { a: 'b', f: 'g' });
  t.same(kv('')('a:1 a:2'), { a: '2' });
  t.equal(kv('%{key}=%{val}')('this is a test'), undefined);
  t.equal(kv('')(''), undefined);
  t.end();
});

t.test('bad rules', (t) => {
  t.match(error('%{key} %{val} '), /seperator ' ' is used for both/);
  t.match(error('%{key}=%{val};%{key}:%{val} :%{key}:%{val}'), /seperator ':'/);
  t.match(error('%{key}='), /invalid pattern/);
  t.match(error('\\x%{key}=%{val}'), /Invalid escape/);
  t.end();
});
