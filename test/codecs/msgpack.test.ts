import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';
import { FloatBox, strictEq, type Value } from '../../src/runtime/value.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (s: string) => Buffer.from(s.replace(/ /g, ''), 'hex');
const codec = () => createCodec({ name: 'msgpack', config: null });

t.test('known encodings', (t) => {
  const c = codec();
  t.equal(hex(c.encode({ a: 1 })), '81a16101');
  t.equal(hex(c.encode([null, true, false, -1, 127, 128, 'é'])), '97c0c3c2ff7fcc80a2c3a9');
  t.equal(hex(c.encode(new FloatBox(1))), 'cb3ff0000000000000', 'an integral float stays a float64');
  t.equal(hex(c.encode(1.5)), 'cb3ff8000000000000');
  t.equal(hex(c.encode(2 ** 40)), 'd30000010000000000', 'an integer beyond 32 bits stays an integer');
  t.equal(hex(c.encode(-(2 ** 40))), 'd3ffffff0000000000');
  t.equal(hex(c.encode(18446744073709551615n)), 'cfffffffffffffffff');
  t.equal(hex(c.encode(-9223372036854775808n)), 'd38000000000000000');
  t.equal(hex(c.encode(new Uint8Array([1, 2, 3]))), 'c403010203', 'binaries are bin');
  t.equal(hex(c.encode({})), '80');
  t.end();
});

t.test('decodes foreign encodings', (t) => {
  const c = codec();
  t.strictSame(c.decode(unhex('82 a1 61 cd 0100 a1 62 ca 3fc00000')), { a: 256, b: 1.5 }, 'uint16 and float32');
  t.equal(c.decode(unhex('cf ffffffffffffffff')), 18446744073709551615n);
  t.equal(c.decode(unhex('cf 0000000000000005')), 5, 'a small uint64 is a plain number');
  t.equal(c.decode(unhex('d3 8000000000000000')), -9223372036854775808n);
  t.equal(c.decode(unhex('d0 80')), -128);
  t.strictSame(c.decode(new Uint8Array([0x81, 0xa2, 0xc3, 0xa9, 0xa3, 0x61, 0x62, 0x63])), { é: 'abc' }, 'a plain Uint8Array chunk');
  t.strictSame(c.decode(new Uint8Array(unhex('ff 92 01 02 ff')).subarray(1, 4)), [1, 2], 'a view into a larger buffer');
  t.equal(c.decode(unhex('d9 03 616263')), 'abc', 'str8');
  t.strictSame(c.decode(unhex('dc 0002 01 02')), [1, 2], 'array16');
  const bin = c.decode(unhex('c5 0002 ff00'));
  t.equal(Object.getPrototypeOf(bin), Uint8Array.prototype, 'bin16 is a plain Uint8Array');
  t.same([...(bin as Uint8Array)], [0xff, 0]);
  t.end();
});

t.test('floats: what survives a float64', (t) => {
  const c = codec();
  const negZero = c.decode(unhex('cb 8000000000000000'));
  t.ok(negZero instanceof FloatBox && Object.is(negZero.fv, -0), '-0.0 is a float');
  const big = c.decode(unhex('cb 4415af1d78b58c40')); // 1e20
  t.ok(big instanceof FloatBox && big.fv === 1e20, 'an integral float beyond 2^53 is a float');
  t.equal(c.decode(unhex('cb 3ff0000000000000')), 1, 'documented limitation: 1.0 decodes as the integer 1');
  t.end();
});

t.test('round trips', (t) => {
  const c = codec();
  const bin = new Uint8Array([0, 255, 10]);
  const values: Value[] = [
    null,
    'snot ✓ badger',
    { a: [1, -2, 3.25, 'x', null, true, {}], b: { c: { d: [] } } },
    { big: 18446744073709551615n, neg: -9223372036854775807n, wide: 2 ** 53 - 1, f: new FloatBox(1e300) },
    { bin, nested: [bin] },
    Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i * 1000])),
    'x'.repeat(70000),
  ];
  for (const v of values) t.ok(strictEq(c.decode(c.encode(v)) as Value, v), JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x)).slice(0, 60));
  const proto = JSON.parse('{"__proto__": 1}');
  const back = c.decode(c.encode(proto)) as Record<string, Value>;
  // biome-ignore lint/suspicious/noProto: an own `__proto__` key is what this test is about
  // biome-ignore lint/complexity/useLiteralKeys: the same, spelled as the key it is
  t.ok(Object.prototype.hasOwnProperty.call(back, '__proto__') && back['__proto__'] === 1, 'a __proto__ key is an own key');
  t.equal(Object.getPrototypeOf(back), Object.prototype);
  t.end();
});

t.test('bad input is an error', (t) => {
  const c = codec();
  t.throws(() => c.decode(new Uint8Array(0)), /Invalid MessagePack: empty input/);
  t.throws(() => c.decode(unhex('92 01')), /Invalid MessagePack: Unexpected end/, 'truncated');
  t.throws(() => c.decode(unhex('01 02')), /Invalid MessagePack: Data read, but end of buffer not reached/, 'trailing bytes');
  t.throws(() => c.decode(unhex('81 01 01')), /map keys must be strings, not number/);
  t.throws(() => c.decode(unhex('d6 ff 00000001')), /extension types are not supported/, 'timestamp extension');
  t.throws(() => c.decode(unhex('d4 46 00')), /extension types are not supported/);
  t.throws(() => c.decode(unhex('c1')), /extension types are not supported/, 'the never-used byte');
  t.equal(c.decode(unhex('2a')), 42, 'the codec still works after errors');
  t.end();
});

t.test('takes no config', (t) => {
  t.ok(createCodec({ name: 'msgpack', config: {} }));
  t.throws(() => createCodec({ name: 'msgpack', config: { mode: 'x' } }), /Unknown configuration key `mode` for the msgpack codec/);
  t.end();
});
