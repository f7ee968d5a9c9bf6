import t from 'tap';
import { prepareExtractor } from '../../src/std/extractors/index.js';
import { FloatBox } from '../../src/runtime/value.js';

function dissect(rule: string) {
  const p = prepareExtractor('dissect', rule);
  if ('error' in p) throw new Error(p.error);
  return (s: string) => p.test(s, undefined);
}
const error = (rule: string) => {
  const p = prepareExtractor('dissect', rule);
  return 'error' in p ? p.error : undefined;
};

t.test('fields and delimiters', (t) => {
  t.same(dissect('%{protocol}://%{host}.%{.tld}')('http://example.com/'), { protocol: 'http', host: 'example', '.tld': 'com/' });
  t.same(dissect('%{name}, %{age}')('John Doe, 22'), { name: 'John Doe', age: '22' });
  t.same(dissect('%{name}, %{age}')(', 22'), { name: '', age: '22' });
  t.same(dissect('%{name}}%{age}')('John}22'), { name: 'John', age: '22' });
  t.same(dissect('foo %{name} bar')('foo John bar'), { name: 'John' });
  t.same(dissect('')(''), {});
  t.end();
});

t.test('append, skip, named keys, types', (t) => {
  t.same(dissect('%{+name} %{+name}, %{age}')('John Doe, 22'), { name: 'John Doe', age: '22' });
  t.same(dissect('this is a %{arr} %{+arr}')('this is a test case'), { arr: 'test case' });
  t.same(dissect('%{?name}, %{&name}')('John Doe, 22'), { 'John Doe': '22' });
  t.same(dissect('%{?name}: %{&name:int}')('key: 42'), { key: 42 });
  t.same(dissect('%{?first} %{last}')('John Doe'), { last: 'Doe' });
  t.same(dissect('%{}, [%{ts} #%{pid}] %{msg}')('foo, [12345 #12] log failed'), { ts: '12345', pid: '12', msg: 'log failed' });
  t.same(dissect('%{name}, %{age:int}')('John, 22'), { name: 'John', age: 22 });
  t.same(dissect('%{v:float}')('22'), { v: new FloatBox(22) });
  t.equal(dissect('%{name}, %{age:int}')('John, old'), undefined);
  t.end();
});

t.test('padding', (t) => {
  t.same(dissect('%{date}|%{_(-)} %{?priority} %{&priority} %{+snot} %{+snot}')('2019-04-20|------------------- high 3 foo bar'), {
    date: '2019-04-20',
    high: '3',
    snot: 'foo-bar',
  });
  t.same(dissect('%{a}%{_}%{b}')('this     works'), { a: 'this', b: 'works' });
  t.same(dissect('%{a}%{_}')('this   '), { a: 'this' });
  t.same(dissect('%{a}%{_}')('this'), { a: 'this' });
  t.same(dissect('%{name}%{_}|%{age}')('John|22'), { name: 'John', age: '22' });
  t.same(dissect('|%{n}%{_}|')('|Jim |'), { n: 'Jim' });
  t.equal(dissect('%{name}%{_}%{_(|)}%{age}')('John22'), undefined);
  t.end();
});

t.test('no match', (t) => {
  t.equal(dissect('%{name} cake')('John'), undefined);
  t.equal(dissect('.%{name}')('John'), undefined);
  t.equal(dissect('%{a} %{b}')('nospace'), undefined);
  t.equal(dissect('%{a}x')('1x2'), undefined, 'input left over');
  t.equal(dissect('%{?x} %{&y}')('a b'), undefined, 'unknown reference');
  t.end();
});

t.test('bad rules', (t) => {
  t.match(error('%{test'), /Unterminated/);
  t.match(error('%{test %{case}'), /Unterminated/);
  t.match(error('%{test}%{pattern}'), /dilimiter needs to be provided/);
  t.match(error('%{a:bool}'), /Invalid type/);
  t.match(error('%{_x}'), /Invalid padding/);
  t.match(error('%{a}%{_}  %{b}'), /padding/);
  t.match(error('%{a} \\q%{b}'), /Invalid escape/);
  t.end();
});
