import t from 'tap';
import { createPostprocessors, createPreprocessors, type Interceptor } from '../../src/interceptors/index.js';
import { failure } from './failure.js';

const pre = (name = 'textual-length-prefixed') => createPreprocessors([{ name, config: null }])[0];
const post = (name = 'textual-length-prefixed') => createPostprocessors([{ name, config: null }])[0];
const strs = (cs: Uint8Array[]) => cs.map((c) => Buffer.from(c).toString('utf8'));
const feed = (p: Interceptor, chunks: (Uint8Array | string)[]) => chunks.flatMap((c) => p.process(typeof c === 'string' ? Buffer.from(c) : c));

t.test('the postprocessor prepends the decimal byte length and a space', (t) => {
  t.same(strs(post().process(Buffer.from('hello'))), ['5 hello']);
  t.same(strs(post().process(Buffer.from('✓'))), ['3 ✓'], 'bytes, not characters');
  t.same(strs(post('textual-length-prefix').process(new Uint8Array(0))), ['0 '], 'the 0.12 name');
  t.end();
});

t.test('the preprocessor reads frames however the input is split', (t) => {
  const payloads = ['snot', '', 'badger ✓ 12 ', 'x'.repeat(1234), '7 nested'];
  const p0 = post();
  const wire = Buffer.concat(payloads.flatMap((s) => p0.process(Buffer.from(s))));
  t.same(strs(pre().process(wire)), payloads, 'all in one chunk');
  for (let i = 0; i <= wire.length; i++) {
    const p = pre();
    t.same(strs(feed(p, [wire.subarray(0, i), wire.subarray(i)])), payloads, `split at ${i}`);
    t.same(p.finish(), []);
  }
  const bytewise = pre('textual-length-prefix');
  t.same(
    strs(
      feed(
        bytewise,
        [...wire].map((b) => new Uint8Array([b])),
      ),
    ),
    payloads,
    'one byte at a time (0.12 name)',
  );
  t.same(bytewise.finish(), []);
  t.end();
});

t.test("Tremor's textual_prefix_length_loop", (t) => {
  const chunks = [
    "24 '?\u{d617e}ѨR\u{202e}\u{f8f7c}\u{ede29}\u{ac784}36 ?{¥?MȺ\r\u{bac41}9\u{5bbbb}\r\u{1c46c}\u{4ba79}¥\u{7f}*?:\u{0}$i",
    '60 %\u{a825a}\u{a4269}\u{39e0c}\u{b3e21}<ì\u{f6c20}ѨÛ`HW\u{9523f}V',
    '\u{3}\u{605fe}%Fq\u{89b5e}\u{93780}Q3',
    '¥?\u{feff}9',
    " '�2\u{4269b}",
  ];
  t.same(
    feed(pre(), chunks).map((c) => c.length),
    [24, 36, 60, 9],
  );
  t.end();
});

t.test('any ASCII whitespace separates, as in Tremor', (t) => {
  t.same(strs(pre().process(Buffer.from('5\nhello3\tabc0\r'))), ['hello', 'abc', '']);
  t.end();
});

t.test('a bad length is an error that keeps the frames before it', (t) => {
  for (const [bad, shown] of [
    ['abc hello', '"abc hello"'],
    [' 5 hello', '" 5 hello"'],
    ['12345678901 x', '"12345678901"'],
    ['4294967296 x', '"4294967296 "'],
    ['+5 hello', '"+5 hello"'],
  ]) {
    const p = pre();
    const f = failure(() => p.process(Buffer.from('2 ok' + bad)));
    t.same(strs(f.output), ['ok'], bad);
    t.same(
      f.failures.map((x) => x.at),
      [1],
    );
    t.equal(f.failures[0].message, `textual-length-prefixed: expected a decimal length and a space, found ${shown}; the buffered input is dropped`);
    t.same(p.finish(), [], 'the buffer was dropped');
    t.same(strs(p.process(Buffer.from('3 new'))), ['new'], 'the next chunk starts afresh');
  }
  t.same(strs(pre().process(Buffer.from('4294967295'))), [], 'u32::MAX is still a length (waiting for its space)');
  t.end();
});

t.test('an unfinished frame at the end of input is an error, not lost silently', (t) => {
  const p = pre();
  t.same(p.process(Buffer.from('10 hello')), []);
  t.throws(() => p.finish(), /textual-length-prefixed: the input ended inside a frame, after 5 of its 10 bytes/);
  t.same(p.process(Buffer.from('12')), []);
  t.throws(() => p.finish(), /ended inside a length prefix \(2 bytes\)/);
  t.same(p.finish(), []);
  t.end();
});

t.test('takes no config', (t) => {
  t.throws(() => createPreprocessors([{ name: 'textual-length-prefixed', config: { x: 1 } }]), /Unknown configuration key `x` for the textual-length-prefixed preprocessor/);
  t.throws(() => createPostprocessors([{ name: 'textual-length-prefix', config: { x: 1 } }]), /Unknown configuration key `x` for the textual-length-prefix postprocessor/);
  t.end();
});
