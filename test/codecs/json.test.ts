import t from 'tap';
import { codecType, createCodec } from '../../src/codecs/index.js';
import { FloatBox, typeName } from '../../src/runtime/value.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

t.test('decodes exactly one document per chunk, exactly', (t) => {
  const c = createCodec({ name: 'json', config: null });
  t.same(c.decode(bytes(' {"a": [1, "x", null, true]} \n')), { a: [1, 'x', null, true] });
  const v = c.decode(bytes('{"big": 18446744073709551615, "f": 1.0, "n": -9223372036854775808}')) as Record<string, unknown>;
  t.equal(v.big, 18446744073709551615n);
  t.ok(v.f instanceof FloatBox, '1.0 stays a float');
  t.equal(typeName(c.decode(bytes('1')) as number), 'integer');
  t.same(c.decode(bytes('{"a":1,"a":2}')), { a: 2 }, 'duplicate keys: the last wins');
  t.same(c.decode(bytes('"héllo ✓"')), 'héllo ✓');
  t.end();
});

t.test('empty, invalid and trailing input is an error', (t) => {
  const c = createCodec({ name: 'json', config: null });
  t.throws(() => c.decode(bytes('')), /Invalid JSON: empty input/);
  t.throws(() => c.decode(bytes('   ')), /empty input/);
  t.throws(() => c.decode(bytes('{"a": }')), /Invalid JSON: .* at column 7/);
  t.throws(() => c.decode(bytes('{"a":1}{"b":2}')), /after the JSON value at column 8/);
  t.throws(() => c.decode(new Uint8Array([0x22, 0xff, 0xfe, 0x22])), /not valid UTF-8/);
  t.end();
});

t.test('encodes compact JSON, keys in order or sorted', (t) => {
  const value = { b: 1, a: { d: [1.5, new FloatBox(2)], c: 'x' }, bin: new Uint8Array([1, 2, 3]), big: 18446744073709551615n };
  t.equal(text(createCodec({ name: 'json', config: null }).encode(value)), '{"b":1,"a":{"d":[1.5,2.0],"c":"x"},"bin":"AQID","big":18446744073709551615}');
  const sorted = '{"a":{"c":"x","d":[1.5,2.0]},"b":1,"big":18446744073709551615,"bin":"AQID"}';
  t.equal(text(createCodec({ name: 'json', config: { mode: 'sorted' } }).encode(value)), sorted);
  t.equal(text(createCodec({ name: 'json-sorted', config: null }).encode(value)), sorted);
  t.equal(text(createCodec({ name: 'json', config: { mode: 'unsorted' } }).encode('a\nb')), '"a\\nb"');
  t.end();
});

t.test('round trip keeps 64-bit integers and integral floats', (t) => {
  const c = createCodec({ name: 'json', config: null });
  for (const s of ['{"a":1764175345123456789}', '[1.0,-0.0,1e300]', '{"x":{"y":[null,false]}}', '-9223372036854775808']) {
    t.equal(text(c.encode(c.decode(bytes(s)) as never)), s, s);
  }
  t.end();
});

t.test('config is strict', (t) => {
  t.ok(codecType('json'));
  t.throws(() => createCodec({ name: 'json', config: { mode: 'pretty' } }), /Invalid configuration for the json codec: `mode` must be one of "sorted", "unsorted", not "pretty"/);
  t.throws(() => createCodec({ name: 'json', config: { sort: true } }), /Unknown configuration key `sort` for the json codec/);
  t.throws(() => createCodec({ name: 'json', config: 'sorted' }), /must be a record/);
  t.throws(() => createCodec({ name: 'json-sorted', config: { mode: 'sorted' } }), /Unknown configuration key `mode`/);
  t.end();
});
