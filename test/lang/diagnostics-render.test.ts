/**
 * Diagnostics in Tremor's plain layout, rule by rule (src/base/highlight.ts): the outer span
 * chooses the lines shown, the inner span the carets; parse errors show two lines either
 * side, most semantic errors only their own lines; lexical errors show nothing after the
 * broken token; hints, comments as Tremor prints them, the closing empty line; warnings with
 * their class and Tremor's order.
 */
import t from 'tap';
import { CompileError, TremorError, warningOrder, type Diagnostic } from '../../src/base/diagnostics.js';
import { render } from '../../src/base/highlight.js';
import { Source } from '../../src/base/source.js';
import { compileQuery } from '../../src/lang/query/compile.js';
import { compileScript } from '../../src/lang/script.js';
import { newContext } from '../../src/runtime/context.js';
import { damerauLevenshtein } from '../../src/lang/parse-hint.js';

/** the one diagnostic a script fails to compile with */
function scriptError(text: string): Diagnostic {
  try {
    compileScript(text);
  } catch (e) {
    if (e instanceof CompileError) return e.first;
    throw e;
  }
  throw new Error('expected a compile error');
}

function queryError(text: string): Diagnostic {
  try {
    compileQuery(text);
  } catch (e) {
    if (e instanceof CompileError) return e.first;
    throw e;
  }
  throw new Error('expected a compile error');
}

function at(d: Diagnostic): string {
  const p = d.span!.src.position(d.span!.start);
  return `${d.code} ${p.line}:${p.column}`;
}

t.test('a parse error shows two lines either side of the token, and the nearest expected token as a hint', (t) => {
  const d = scriptError('let a = 1;\nlet b = 2;\nuse foo :: :; bar;\nlet c = 3;\nlet d = 4;\nlet e = 5;\n');
  t.equal(at(d), 'S001 3:12');
  t.equal(
    render(d),
    'Error: \n    1 | let a = 1;\n    2 | let b = 2;\n    3 | use foo :: :; bar;\n' +
      '      |            ^ Found the token `:` but expected one of `<ident>`, `{`\n' +
      '      |              NOTE: Did you mean to use `{`?\n    4 | let c = 3;\n    5 | let d = 4;\n\n',
  );
  t.end();
});

t.test('expected tokens follow Tremor terminal order: `"` after `!`, the heredoc quotes where `heredoc_start` sorts', (t) => {
  const d = scriptError('match "x" of\n  case "x" when drop\nend');
  const list = d.message.slice(d.message.indexOf('one of ') + 7).split(', ');
  t.same(list.slice(0, 3), ['`!`', '`"`', '`$`']);
  t.ok(list.indexOf('`"""`') === list.indexOf('`group`') + 1, 'heredoc quotes between group and int');
  t.equal(d.hint, "It looks like you tried to use 'drop' as an ident, consider quoting it as `drop` to make it an identifier.");
  t.end();
});

t.test('doc and module comments are expected where a top-level statement may start', (t) => {
  const d = scriptError('<>\n');
  t.match(d.message, /`<<`, `<doc-comment>`, `<ident>`, `<mod-comment>`, `\[`/);
  t.equal(d.hint, 'Did you mean to use `!`?');
  t.end();
});

t.test('a duplicate definition shows only its own lines', (t) => {
  const d = scriptError('const ONE = 1;\nconst ONE = "two";\n');
  t.equal(at(d), 'C002 2:1');
  t.equal(render(d), 'Error: \n    2 | const ONE = "two";\n      | ^^^^^^^^^^^^^^^^^ Can\'t define the const `ONE` twice\n\n');
  t.end();
});

t.test('a local in a select clause shows the whole statement, the clause underlined', (t) => {
  const d = queryError('select\nevent\nfrom in\ninto out\nhaving a + b > 3;\n');
  t.equal(at(d), 'C012 5:8');
  t.equal(render(d), 'Error: \n    1 | select\n    2 | event\n    3 | from in\n    4 | into out\n    5 | having a + b > 3;\n' + '      |        ^^^^^^^^^ Local variables are not allowed here\n\n');
  t.end();
});

t.test('an aggregate inside an aggregate: its line, carets from column 1 (the inner span grown by two lines)', (t) => {
  const d = queryError('select aggr::stats::sum(aggr::stats::sum(event)) from in into out;\n');
  t.equal(d.code, 'C016');
  t.equal(d.caretLines, 2);
  t.equal(render(d), `Error: \n    1 | select aggr::stats::sum(aggr::stats::sum(event)) from in into out;\n      | ${'^'.repeat(47)} Aggregates can not be called inside of aggregates\n\n`);
  t.end();
});

t.test('an unknown function shows three lines either side of the call', (t) => {
  const d = scriptError('let a = 1;\nlet b = 2;\nlet c = 3;\nlet d = 4;\nsnot::badger(1)\n');
  t.equal(at(d), 'C003 5:1');
  t.equal(render(d), 'Error: \n    2 | let b = 2;\n    3 | let c = 3;\n    4 | let d = 4;\n    5 | snot::badger(1)\n' + `      | ${'^'.repeat(15)} Call to undefined function snot::badger\n\n`);
  t.end();
});

t.test('a lexical error shows nothing after the broken token', (t) => {
  const hex = scriptError('let f = 0xg;\nevent\n');
  t.equal(render(hex), 'Error: \n    1 | let f = 0xg;\n      |         ^^^ An invalid hexadecimal\n\n');
  const eof = scriptError('let test = "\\');
  t.equal(at(eof), 'L013 1:14');
  t.equal(render(eof), 'Error: \n    1 | let test = \n      |              ^ An unexpected end of stream was found\n\n', 'the line stops where the string began');
  const bare = scriptError('let f = 0x;\n');
  t.equal(render(bare), 'Error: \n    1 | let f = 0x;\n      |         ^^^ An invalid hexadecimal\n\n', 'a bare 0x takes the next character along');
  t.end();
});

t.test('an unterminated interpolation in a heredoc shows the heredoc from its first line', (t) => {
  const d = scriptError('use std::string;\nlet x = """\n#{""";\n');
  t.equal(d.code, 'L010');
  t.equal(
    render(d),
    'Error: \n    2 | let x = """\n    3 | #{""";\n      | ^^^^^^ It looks like you forgot to terminate a string interpolation with a closing \'}\'\n' +
      "      |        NOTE: Did you mean to write a literal '#{'? Escape it as '\\#{'.\n\n",
  );
  t.end();
});

t.test('comments print as Tremor prints their tokens; no closing empty line after an unterminated last line', (t) => {
  const d = scriptError("# we can't have triple colons\na:::b()");
  t.equal(at(d), 'S001 2:2');
  t.match(render(d), /^Error: \n {4}1 \| # {2}we can't have triple colons\n {4}2 \| a:::b\(\)\n {6}\| {2}\^\^\^ Found the token `:::`/);
  t.match(d.hint, 'Did you mean to use `::`?');
  const w = compileScript('match true of\n  case true => true\n  case _ => true\n  case _ => false\nend').warnings;
  t.ok(render(w[0]).endsWith('    5 | end\n'), 'the listing ends on the unterminated line, no empty line');
  t.end();
});

t.test('a diagnostic without a position is its message alone', (t) => {
  const d = queryError('define window w from tumbling\nwith\n  size = 1,\n  interval = 1\nend;\nselect event from in[w] into out;\n');
  t.equal(d.code, 'C015');
  t.equal(d.span, undefined);
  t.equal(render(d), 'Bad window configuration, only one of `size`, `interval`, or `state` is allowed.\n');
  t.end();
});

t.test('warnings: class header, the match shown for an unreachable default, a function warning with three lines', (t) => {
  const s = compileScript('match true of\n  case true => true\n  case _ => true\n  case _ => false\nend\n');
  t.equal(s.warnings.length, 1);
  t.equal(s.warnings[0].code, 'W004');
  t.equal(
    render(s.warnings[0]),
    'Warning(behaviour): \n    1 | match true of\n    2 |   case true => true\n    3 |   case _ => true\n    4 |   case _ => false\n' +
      '      |   ^^^^^^^^^^^^^^^ Any but the first `case _` statement are unreachable and will be ignored.\n    5 | end\n\n',
  );
  const n = compileScript('use tremor::system;\n\nsystem::nanotime()').warnings;
  t.equal(n[0].warningClass, 'performance');
  t.match(render(n[0]), /^Warning\(performance\): \n {4}1 \| use tremor::system;\n {4}2 \| \n {4}3 \| system::nanotime\(\)\n {6}\| \^{18} `nanotime` requires/);
  const c = compileScript('use std::record;\nrecord::contains({}, "a")').warnings;
  t.equal(c[0].message, '`record::contains(the_record, the_key)` can be replaced by `present the_record[the_key]` for better performance');
  t.end();
});

t.test("warnings print in Tremor's order: class first, then position", (t) => {
  const s = compileScript('use tremor::system;\nconst a = 1;\nmatch true of\n  case true => system::nanotime()\nend\n');
  const classes = warningOrder(s.warnings).map((w) => w.warningClass);
  t.same(classes, ['performance', 'consistency', 'behaviour']);
  t.end();
});

t.test('a failing fold shows the whole comprehension, its step underlined', (t) => {
  const s = compileScript('for event of\n  case (k, v) => v\ninto [] use / end\n');
  const c = newContext();
  c.event = { a: 1 };
  try {
    s.run(c);
    t.fail('expected a runtime error');
  } catch (e) {
    t.type(e, TremorError);
    const d = (e as TremorError).diagnostic;
    t.equal(render(d), 'Error: \n    1 | for event of\n    2 |   case (k, v) => v\n      |                  ^ Invalid fold operation /\n    3 | into [] use / end\n\n');
  }
  t.end();
});

t.test('a message over several lines is printed as it is, after the carets', (t) => {
  const src = new Source('<x>', 'use foo;\n');
  const d: Diagnostic = { code: 'C005', severity: 'error', message: 'Module `foo` not found:\n                         - here/', span: src.span(4, 7) };
  t.equal(render(d), 'Error: \n    1 | use foo;\n      |     ^^^ Module `foo` not found:\n                         - here/\n\n');
  t.end();
});

t.test('Damerau-Levenshtein distance counts a transposition as one edit', (t) => {
  t.equal(damerauLevenshtein('ab', 'ba'), 1);
  t.equal(damerauLevenshtein(':', '`{`'), 3);
  t.equal(damerauLevenshtein('use', '`;`'), 3);
  t.end();
});
