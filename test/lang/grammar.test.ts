import t from 'tap';
import { parse } from '../../src/lang/parse.js';
import { Source } from '../../src/base/source.js';
import { compileFailure } from '../helpers.js';
import { typeName } from '../../src/runtime/value.js';

const script = (text: string) => parse(new Source('<t>', text), 'ScriptFile') as any;
const first = (text: string) => script(text).body[0].expr;

t.test('lexical structure', (t) => {
  t.same(first('1_000_000').value, 1000000, 'underscores in integers');
  t.equal(first('0xFF_FF').value, 65535, 'hex with underscores');
  t.equal(first('18446744073709551615').value, 18446744073709551615n, 'u64 max is exact');
  t.equal(typeName(first('1.5e3').value), 'float', 'an integral float literal stays a float');
  t.equal(first('2.5').value, 2.5);
  t.same(first('"a\\tb\\u00e9\\#{x}"').parts, ['a\tbé#{x}'], 'escapes');
  t.same(
    first('"a #{ 1 + 1 } b"').parts.map((p: any) => (typeof p === 'string' ? p : p.kind)),
    ['a ', 'binary', ' b'],
    'interpolation keeps spaces',
  );
  t.same(
    first('"""\n  line #{event}\n  """').parts.map((p: any) => (typeof p === 'string' ? p : p.kind)),
    ['  line ', 'path', '\n  '],
    'heredoc keeps indentation and the last newline',
  );
  t.equal(first('event.`group`').segments[0].key, 'group', 'backticks make keywords identifiers');
  t.equal(first('# comment\n## doc\n42').value, 42, 'comments');
  t.equal(first('<<1:4, 1:4>>').kind, 'binaryLit');
  t.end();
});

t.test('operator precedence', (t) => {
  const e = first('1 + 2 * 3 == 7 and not false or true');
  t.equal(e.op, 'or');
  t.equal(e.left.op, 'and');
  t.equal(e.left.left.op, '==');
  t.equal(e.left.left.left.op, '+');
  t.equal(e.left.left.left.right.op, '*');
  t.equal(first('a << 2 < 3').op, '<', 'comparison binds looser than shift');
  t.equal(first('-not x').kind, 'unary', '-not x parses');
  t.end();
});

t.test('statements', (t) => {
  const kinds = script('use std::string; const A = 1; fn f(x) with x end; let a = 1; emit a => "p"; drop').body.map((s: any) => (s.kind === 'expr' ? s.expr.kind : s.kind));
  t.same(kinds, ['use', 'const', 'fn', 'let', 'emit', 'drop']);
  t.same(
    script('use std::{integer::{unsigned, signed as s}, string}').body[0].imports.map((i: any) => `${i.path.join('::')} as ${i.alias}`),
    ['std::integer::unsigned as unsigned', 'std::integer::signed as s', 'std::string as string'],
  );
  const m = first('match event of case %{ present a, b == 1, c ~= re|x| } => 1 case %[_, 2] => 2 case %(1, ...) => 3 case x = _ => 4 end');
  t.same(
    m.cases.map((c: any) => c.pattern.kind),
    ['record', 'array', 'tuple', 'assign'],
  );
  t.equal(first('for event of case (k, v) when k == 1 => v into 0 use + end').op.op, '+');
  t.equal(first('patch event of insert "a" => 1; default => {} end').ops.length, 2);
  t.end();
});

t.test('queries and deployments parse', (t) => {
  const q = parse(new Source('<q>', 'define window w from tumbling with size = 2 end; select aggr::stats::count() from in[w] where true group by set(event.a, each(event.b)) into out having true'), 'QueryFile') as any;
  t.same(
    q.body.map((s: any) => s.kind),
    ['defineWindow', 'select'],
  );
  const d = parse(
    new Source('<d>', 'define flow main flow define connector m from metronome with config = {"interval": 1} end; create connector m; connect /connector/m to /pipeline/p/in; end; deploy flow main'),
    'DeployFile',
  ) as any;
  t.same(
    d.body.map((s: any) => s.kind),
    ['defineFlow', 'deployFlow'],
  );
  t.equal(d.body[0].body[2].to.port, 'in');
  t.end();
});

t.test('syntax and lexer errors are positioned diagnostics', (t) => {
  const cases: [string, string, string][] = [
    ['let f = 1.0e;', 'L002', '1:9'],
    ['let f = 0xg;', 'L003', '1:9'],
    ['"unterminated', 'L005', '1:1'],
    ['"\\z"', 'L011', '1:2'],
    ['let `x = 1;', 'L008', '1:5'],
    ['"""x', 'L007', '1:1'],
    ['event >', 'S001', '1:7'],
    ['let merge = 1', 'S001', '1:5'],
    ['match x of case 1 when drop => 1 end', 'S001', '1:24'],
  ];
  for (const [src, code, at] of cases) {
    const f = compileFailure(() => script(src));
    t.equal(f.code, code, `${src} code`);
    t.equal(f.at, at, `${src} position`);
  }
  t.match(compileFailure(() => script('let merge = 1')).message, /Found the token `merge` but expected/);
  t.end();
});
