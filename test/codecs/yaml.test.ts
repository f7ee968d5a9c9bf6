import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';
import { FloatBox, strictEq, type Value } from '../../src/runtime/value.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const codec = () => createCodec({ name: 'yaml', config: null });

t.test('decodes one document, exactly', (t) => {
  const c = codec();
  const v = c.decode(bytes('snot: badger\nn: 1\nf: 1.0\nbig: 18446744073709551615\nneg: -9223372036854775808\nhex: 0x1F\nlist: [a, 2, ~, true]\nyes: yes\n')) as Record<string, Value>;
  t.equal(v.snot, 'badger');
  t.equal(v.n, 1);
  t.ok(v.f instanceof FloatBox && v.f.fv === 1, '1.0 stays a float');
  t.equal(v.big, 18446744073709551615n);
  t.equal(v.neg, -9223372036854775808n);
  t.equal(v.hex, 31);
  t.strictSame(v.list, ['a', 2, null, true]);
  t.equal(v.yes, 'yes', 'YAML 1.2: yes is a string');
  t.equal(c.decode(bytes('99999999999999999999999')) instanceof FloatBox, true, 'beyond 64 bits: a float, as in json');
  t.equal(c.decode(bytes('~')), null);
  t.equal(c.decode(bytes('--- hello\n...\n')), 'hello');
  t.strictSame(c.decode(bytes('a: 1\na: 2')), { a: 2 }, 'duplicate keys: the last wins');
  t.strictSame(c.decode(bytes('x: &v [1]\ny: *v')), { x: [1], y: [1] }, 'aliases');
  t.strictSame(c.decode(bytes('200: ok\ntrue: t\n1.5: f\n')), { '200': 'ok', true: 't', '1.5': 'f' }, 'scalar keys become text');
  const bin = (c.decode(bytes('b: !!binary AQID')) as Record<string, Value>).b;
  t.equal(Object.getPrototypeOf(bin), Uint8Array.prototype, '!!binary is a plain binary');
  t.same([...(bin as Uint8Array)], [1, 2, 3]);
  t.equal((c.decode(bytes('d: 2001-12-14')) as Record<string, Value>).d, '2001-12-14', 'no YAML 1.1 timestamps');
  const proto = c.decode(bytes('__proto__: 1')) as Record<string, Value>;
  t.ok(Object.prototype.hasOwnProperty.call(proto, '__proto__') && Object.getPrototypeOf(proto) === Object.prototype);
  t.end();
});

t.test('bad input is an error', (t) => {
  const c = codec();
  t.throws(() => c.decode(bytes('')), /Invalid YAML: empty input/);
  t.throws(() => c.decode(bytes('# just a comment\n')), /empty input/);
  t.throws(() => c.decode(bytes('a: [1')), /Invalid YAML: Flow sequence .* at line 1, column 6$/);
  t.throws(() => c.decode(bytes('--- a\n--- b\n')), /Invalid YAML: Source contains multiple documents/);
  t.throws(() => c.decode(bytes('? [a, b]\n: c')), /mapping keys must be scalars/);
  t.throws(() => c.decode(new Uint8Array([0x61, 0x3a, 0x20, 0xff])), /not valid UTF-8/);
  t.end();
});

t.test('encodes YAML that reads back the same', (t) => {
  const c = codec();
  t.equal(text(c.encode({ snot: 'badger', n: 1, f: new FloatBox(1), s: 'true', l: [1, 'x'] })), 'snot: badger\nn: 1\nf: 1.0\ns: "true"\nl:\n- 1\n- x\n');
  t.equal(text(c.encode('hello')), 'hello\n');
  t.equal(text(c.encode(null)), 'null\n');
  t.equal(text(c.encode({ b: new Uint8Array([1, 2, 3]) })), 'b: AQID\n', 'binaries as base64, like json');
  const values: Value[] = [
    { big: 18446744073709551615n, neg: -9223372036854775808n, f: new FloatBox(-2), g: 0.1, h: new FloatBox(1e300), tiny: 1e-7 },
    { nested: { deep: [[], {}, [{ k: 'multi\nline' }]] }, empty: '', quote: 'it\'s "x"', colon: 'a: b', hash: '# no' },
    ['1', '1.0', 'null', '~', 'yes', '0x1F', ' padded ', 'x'.repeat(200)],
  ];
  for (const v of values) t.ok(strictEq(c.decode(c.encode(v)) as Value, v), 'round trip');
  t.end();
});

t.test('takes no config', (t) => {
  t.throws(() => createCodec({ name: 'yaml', config: { indent: 4 } }), /Unknown configuration key `indent` for the yaml codec/);
  t.end();
});
