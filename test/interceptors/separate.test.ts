import t from 'tap';
import { createPostprocessors, createPreprocessors, type Interceptor } from '../../src/interceptors/index.js';
import type { Value } from '../../src/runtime/value.js';
import { failure } from './failure.js';

const pre = (config: Value = null): Interceptor => createPreprocessors([{ name: 'separate', config }])[0];
const strs = (cs: Uint8Array[]) => cs.map((c) => Buffer.from(c).toString('utf8'));
const feed = (p: Interceptor, s: string) => strs(p.process(Buffer.from(s)));

t.test('splits on newlines, keeping the fragment for the next chunk', (t) => {
  const p = pre();
  t.same(feed(p, 'snot\nbad'), ['snot']);
  t.same(feed(p, 'ger\nwom'), ['badger']);
  t.same(feed(p, 'bat'), []);
  t.same(feed(p, '\n\ncapy\n'), ['wombat', '', 'capy'], 'empty segments between separators are emitted');
  t.same(strs(p.finish()), [], 'nothing left over');
  t.same(feed(p, 'last line'), []);
  t.same(strs(p.finish()), ['last line'], 'finish flushes a last line without separator');
  t.same(strs(p.finish()), []);
  t.end();
});

t.test('a custom one-byte separator; longer ones are rejected', (t) => {
  const p = pre({ separator: '|' });
  t.same(feed(p, 'a|b\n|c'), ['a', 'b\n']);
  t.same(strs(p.finish()), ['c']);
  t.throws(() => pre({ separator: '||' }), /Invalid configuration for the separate preprocessor: `separator` must be 1 byte, not "\|\|"/);
  t.throws(() => pre({ separator: 'é' }), /must be 1 byte/, 'one character, two bytes');
  t.throws(() => pre({ lines: true }), /Unknown configuration key `lines` for the separate preprocessor; known keys: separator, max_length, buffered/);
  t.throws(() => pre({ max_length: -1 }), /max_length/);
  t.throws(() => pre({ buffered: 'yes' }), /buffered/);
  t.end();
});

t.test('named only, lines are limited to 8192 bytes; with a config record they are not', (t) => {
  const long = 'x'.repeat(9000);
  const p = pre();
  const f = failure(() => p.process(Buffer.from(`a\n${long}\nb\n`)));
  t.same(strs(f.output), ['a', 'b'], 'the good lines around it survive');
  t.same(
    f.failures.map((x) => x.at),
    [1],
  );
  t.match(f.message, /Discarded a line of 9000 bytes: it exceeds the maximum length of 8192 bytes/);
  t.same(feed(pre({}), `${long}\n`), [long]);
  t.end();
});

t.test('an overlong line across chunks is reported once and dropped whole', (t) => {
  const p = pre({ max_length: 5 });
  t.same(feed(p, 'abc\n12'), ['abc']);
  const f = failure(() => p.process(Buffer.from('3456')));
  t.same(f.output, []);
  t.match(f.failures[0].message, /at least 6 bytes/);
  t.same(feed(p, '789'), [], 'the rest of the long line is skipped silently');
  t.same(feed(p, '0\nok\nfine'), ['ok'], 'up to its separator');
  t.same(strs(p.finish()), ['fine']);
  const q = pre({ max_length: 5 });
  t.same(feed(q, '1234'), []);
  const g = failure(() => q.process(Buffer.from('56\nyes\n')));
  t.same(strs(g.output), ['yes']);
  t.same(g.failures, [{ at: 0, message: 'Discarded a line of 6 bytes: it exceeds the maximum length of 5 bytes' }]);
  t.end();
});

t.test('unbuffered: every chunk ends as if followed by a separator', (t) => {
  const p = pre({ buffered: false });
  t.same(feed(p, 'hello\nwor'), ['hello', 'wor']);
  t.same(feed(p, 'ld\n'), ['ld'], 'no empty chunk for a chunk ending in a separator');
  t.same(feed(p, '\n'), ['']);
  t.same(strs(p.finish()), []);
  const q = pre({ buffered: false, max_length: 3 });
  const f = failure(() => q.process(Buffer.from('abcd\nab\nabcdef')));
  t.same(strs(f.output), ['ab']);
  t.same(
    f.failures.map((x) => x.at),
    [0, 1],
  );
  t.end();
});

t.test('the postprocessor appends the separator', (t) => {
  const [p] = createPostprocessors([{ name: 'separate', config: null }]);
  t.same(strs(p.process(Buffer.from('{"a":1}'))), ['{"a":1}\n']);
  t.same(strs(p.process(new Uint8Array(0))), ['\n']);
  t.same(p.finish(), []);
  const [q] = createPostprocessors([{ name: 'separate', config: { separator: '|' } }]);
  t.same(strs(q.process(Buffer.from('x'))), ['x|']);
  t.throws(() => createPostprocessors([{ name: 'separate', config: { max_length: 10 } }]), /Unknown configuration key `max_length` for the separate postprocessor; known keys: separator/);
  t.end();
});
