import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';
import { FloatBox } from '../../src/runtime/value.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const codec = () => createCodec({ name: 'csv', config: null });

t.test('decodes the first record into strings', (t) => {
  const c = codec();
  t.strictSame(c.decode(bytes('a,b,c,123')), ['a', 'b', 'c', '123'], 'numbers stay strings');
  t.strictSame(c.decode(bytes('"some "" field",1234567,other_text,"2020-01-01 00:00:00"')), ['some " field', '1234567', 'other_text', '2020-01-01 00:00:00'], "Tremor's example");
  t.strictSame(c.decode(bytes('first,line\r\nsecond,line\n')), ['first', 'line'], 'later lines are ignored');
  t.strictSame(c.decode(bytes('a,"multi\nline",c\nnext')), ['a', 'multi\nline', 'c'], 'a quoted line break is part of the field');
  t.strictSame(c.decode(bytes('\n\nx,y')), ['x', 'y'], 'blank lines before the record are skipped');
  t.strictSame(c.decode(bytes(',')), ['', '']);
  t.strictSame(c.decode(bytes(' a , b ')), [' a ', ' b '], 'spaces are kept');
  t.strictSame(c.decode(bytes('a"b,c')), ['a"b', 'c'], 'a quote inside an unquoted field is literal, as in the csv crate');
  t.strictSame(c.decode(bytes('\ufeffa,b')), ['a', 'b'], 'a BOM is skipped');
  t.strictSame(c.decode(bytes('ok,"x"\n"broken')), ['ok', 'x'], 'a bad later line does not matter');
  t.equal(c.decode(bytes('')), undefined, 'an empty chunk holds no value');
  t.equal(c.decode(bytes('\r\n\n\r')), undefined);
  t.strictSame(c.decode(bytes('\ra,b\rc')), ['a', 'b'], 'a lone CR ends a record too');
  t.end();
});

t.test('bad input is an error', (t) => {
  const c = codec();
  t.throws(() => c.decode(bytes('a,"unterminated')), /Invalid CSV: Quote Not Closed/);
  t.throws(() => c.decode(new Uint8Array([0x61, 0x2c, 0xff])), /Invalid CSV: the input is not valid UTF-8/);
  t.strictSame(c.decode(bytes('still,works')), ['still', 'works']);
  t.end();
});

t.test('encodes an array as one line', (t) => {
  const c = codec();
  t.equal(text(c.encode(['a', 'b', 'c', 123])), 'a,b,c,123', "Tremor's example");
  t.equal(text(c.encode(['a,b', 'q"x', 'l\nm', ' sp '])), '"a,b","q""x","l\nm", sp ', 'quoting where needed, no trailing newline');
  t.equal(text(c.encode([1.5, new FloatBox(2), null, true, { k: [1] }, 18446744073709551615n])), '1.5,2.0,null,true,"{""k"":[1]}",18446744073709551615', 'other values as JSON');
  t.equal(text(c.encode([])), '');
  t.equal(text(c.encode([''])), '""', 'a single empty field is quoted so that it reads back');
  t.equal(text(c.encode(['', ''])), ',');
  for (const row of [['x'], [''], ['', 'y'], ['a"b', 'c\r\nd', 'é ✓', '']]) t.strictSame(c.decode(c.encode(row)), row, `round trip ${JSON.stringify(row)}`);
  t.throws(() => c.encode({ a: 1 }), /The csv codec can only encode an array, not a record/);
  t.throws(() => c.encode('a,b'), /not a string/);
  t.end();
});

t.test('takes no config', (t) => {
  t.throws(() => createCodec({ name: 'csv', config: { delimiter: ';' } }), /Unknown configuration key `delimiter` for the csv codec/);
  t.end();
});
