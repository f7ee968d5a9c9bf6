import t from 'tap';
import { re } from '../../src/std/re.js';
import { translate } from '../../src/std/regex.js';
import { prepareExtractor } from '../../src/std/extractors/index.js';
import type { Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => re.fns[name].impl(...args);

t.test('replace and replace_all', (t) => {
  t.equal(call('replace', 't...', 'this is a test', 'cake'), 'cake is a test');
  t.equal(call('replace_all', 't...', 'this is a test', 'cake'), 'cake is a cake');
  t.equal(call('replace_all', '[0-9]{4}', '99999', '####'), '####9');
  t.equal(call('replace_all', '[0-9]{4}', '234', '####'), '234');
  t.equal(call('replace', '(?P<first>\\w+) (?P<last>\\w+)', 'snot badger', '$last ${first}!'), 'badger snot!');
  t.equal(call('replace', '(a)(b)', 'ab', '$2$1$$'), 'ba$');
  t.equal(call('replace', '(a)', 'ab', '$1x|${1}x'), '|axb', '$1x names group "1x", as in Rust');
  t.equal(call('replace_all', '', 'abc', '-'), '-a-b-c-');
  t.equal(call('replace', 'x', 'abc', 'y'), 'abc');
  t.throws(() => call('replace', '(', 'a', 'b'), { code: 'R010', message: /^Runtime error in function re::replace\/3: / });
  t.throws(() => call('replace_all', '[', 'a', 'b'), { code: 'R010', message: /^Runtime error in function re::replace_all\/3: / });
  t.throws(() => call('replace', 1, 'a', 'b'), { code: 'T004', message: 'Bad type passed to function re::replace/3' });
  t.throws(() => call('replace_all', 'a', 'a', 1), { code: 'T004', message: 'Bad type passed to function re::replace_all/3' });
  t.end();
});

t.test('is_match and split', (t) => {
  t.equal(call('is_match', 't...', 'this is a test'), true);
  t.equal(call('is_match', 'x...', 'this is a test'), false);
  t.equal(call('is_match', '(?i)^SNOT', 'snot'), true, 'leading inline flags');
  t.equal(call('is_match', '\\Aa\\z', 'a\n'), false, '\\z is the very end');
  t.equal(call('is_match', 'a\\-b\\#', 'a-b#'), true, 'escaped punctuation');
  t.same(call('split', ' ', 'this is a test'), ['this', 'is', 'a', 'test']);
  t.same(call('split', '(,)', 'a,b'), ['a', 'b'], 'captures are not included');
  t.same(call('split', ',', ''), ['']);
  t.equal(call('is_match', '(?x) a # a comment', 'a'), true, "Rust's x flag: whitespace and comments are ignored");
  t.throws(() => call('is_match', '(?X)a', 'a'), { code: 'R010', message: /unrecognized flag/ });
  t.throws(() => call('is_match', '(a)\\1', 'aa'), { code: 'R010', message: /backreferences are not supported \(`\\1` at offset 3\)/ });
  t.equal(call('is_match', '^.$', '😀'), true, '. is one character, a surrogate pair included');
  t.same(call('split', '', 'a😀'), ['', 'a', '😀', ''], 'an empty match moves on by a whole character');
  t.throws(() => call('split', '(', 'a'), { code: 'R010', message: /^Runtime error in function re::split\/2: / });
  t.throws(() => call('is_match', 'a', 1), { code: 'T004', message: 'Bad type passed to function re::is_match/2' });
  t.throws(() => call('split', null, 'a'), { code: 'T004', message: 'Bad type passed to function re::split/2' });
  t.end();
});

t.test('translate', (t) => {
  t.same(translate('(?P<snot>a*)'), ['(?<snot>a*)', '']);
  t.same(translate('\\Aa\\z'), ['^a$', ''], '\\A and \\z are ^ and $ without the m flag');
  t.same(translate('(?m)^a$'), ['^a$', 'm']);
  t.same(translate('[^[:digit:]x]+'), ['[\\u0000-\\u002f\\u003a-wy-\\uffff]+', ''], 'a run of a class with every astral character stays a class of units');
  t.same(translate('(?i)k'), ['[Kk\\u212a]', ''], 'case-insensitivity is spelt out, with the Kelvin sign as Rust folds it');
  t.same(translate('\\x{1F600}'), ['\\ud83d\\ude00', ''], 'astral characters are surrogate pairs');
  t.same(translate('[a-z&&[^aeiou]]'), ['[b-df-hj-np-tv-z]', ''], 'class intersection');
  t.ok(translate('[[:^alpha:]]')[0].startsWith('(?:[\\ud800-\\udbff][\\udc00-\\udfff]|'), 'negated ASCII classes are supported');
  t.throws(() => translate('[[:snot:]]'), SyntaxError, 'unknown ASCII class');
  t.throws(() => translate('(?m)\\Aa$'), /cannot mix/, 'absolute and multi-line anchors in one pattern');
  t.throws(() => translate('(a){20}'), /too large for the linear-time engine/);
  t.equal(translate('[0-9a-f]{40}')[0], '[0-9a-f]'.repeat(40), 'big counted repetitions are written out');
  t.end();
});

// std::re and the re/rerg extractors share one translation: a pattern means the same in both
t.test('one translation for std::re and the re extractor', (t) => {
  const extract = (name: string, rule: string, s: string) => {
    const p = prepareExtractor(name, rule);
    if ('error' in p) throw new Error(p.error);
    return p.test(s, undefined);
  };
  const cases: [string, string, boolean][] = [
    ['\\Afoo', 'foo bar', true],
    ['\\Afoo', 'a foo', false],
    ['(?m)^foo', 'a\nfoo', true],
    ['foo\\z', 'a foo', true],
    ['foo\\z', 'foo\n', false],
    ['(?i)^SNOT', 'snot', true],
    ['[[:alpha:]]+[[:digit:]]', 'abc1', true],
    ['^[[:alpha:]]+$', 'abc1', false],
    ['^[_[:upper:]]+$', 'A_B', true],
    ['^[[:xdigit:][:space:]]+$', 'fe 01', true],
    ['a\\-b\\#', 'a-b#', true],
  ];
  for (const [pattern, input, expected] of cases) {
    t.equal(call('is_match', pattern, input), expected, `re::is_match ${pattern} on ${JSON.stringify(input)}`);
    t.equal(extract('re', pattern, input) !== undefined, expected, `re|${pattern}| on ${JSON.stringify(input)}`);
  }
  t.same(extract('re', '(?P<first>\\w+) (?P<last>\\w+)', 'snot badger'), { first: 'snot', last: 'badger' }, 'named groups');
  t.same(extract('rerg', '(?P<d>[[:digit:]])', 'a1b2'), { d: ['1', '2'] }, 'named groups of every match');
  t.equal(call('replace', '(?P<w>[[:alpha:]]+)', '12 ab', '<$w>'), '12 <ab>');
  t.match(prepareExtractor('re', '(?X)a'), { error: /unrecognized flag/ }, 'the extractor rejects what re::is_match rejects');
  t.match(prepareExtractor('re', 'a(?=b)'), { error: /look-around/ });
  t.same(extract('re', '\\Afoo', 'foo'), {}, 'a match without named groups is an empty record');
  t.end();
});
