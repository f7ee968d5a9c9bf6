import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';
import { FloatBox, intFromBig, strictEq, type Value } from '../../src/runtime/value.js';

const codec = () => createCodec({ name: 'tremor', config: null });
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
/** a u64 length or count, as the codec writes it */
const len = (n: number) => n.toString(16).padStart(16, '0');
const show = (v: Value) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof FloatBox ? `${x.fv}f` : x)).slice(0, 60);

// {"a": 42}
const A42 = `0000 09 ${len(1)} ${len(1)} 61 03 000000000000002a`;

t.test('the byte layout of small values, both ways', (t) => {
  const c = codec();
  const cases: [Value, string][] = [
    [{ a: 42 }, A42],
    [null, '0000 00'],
    [true, '0000 01'],
    [false, '0000 02'],
    [-1, '0000 03 ffffffffffffffff'],
    [2 ** 32, '0000 03 0000000100000000'],
    [-(2 ** 53 - 1), '0000 03 ffe0000000000001'],
    [9007199254740992n, '0000 03 0020000000000000'],
    [-9223372036854775808n, '0000 03 8000000000000000'],
    [9223372036854775807n, '0000 03 7fffffffffffffff'],
    [9223372036854775808n, '0000 04 8000000000000000'],
    [18446744073709551615n, '0000 04 ffffffffffffffff'],
    [new FloatBox(1), '0000 05 3ff0000000000000'],
    [1.5, '0000 05 3ff8000000000000'],
    [Number.POSITIVE_INFINITY, '0000 05 7ff0000000000000'],
    ['', `0000 06 ${len(0)}`],
    ['é', `0000 06 ${len(2)} c3a9`],
    [new Uint8Array([1, 2, 3]), `0000 07 ${len(3)} 010203`],
    [[], `0000 08 ${len(0)}`],
    [[null, true], `0000 08 ${len(2)} 00 01`],
    [{}, `0000 09 ${len(0)}`],
  ];
  for (const [v, bytes] of cases) {
    t.equal(hex(c.encode(v)), hex(fromHex(bytes)), `encode ${show(v)}`);
    t.ok(strictEq(c.decode(fromHex(bytes)) as Value, v), `decode ${show(v)}`);
  }
  t.end();
});

t.test("Tremor's tests: each type survives the round trip", (t) => {
  const c = codec();
  const values: Value[] = [null, true, false, -42, 42, 9223372036854775808n, new FloatBox(42), '42 🦡', new Uint8Array([42, 43, 44]), [42, 43, 44], { a: 42, b: 43, c: 44 }];
  for (const v of values) t.ok(strictEq(c.decode(c.encode(v)) as Value, v), show(v));
  t.end();
});

t.test('numbers keep their kind and range', (t) => {
  const c = codec();
  const back = (v: Value) => c.decode(c.encode(v));
  t.equal(back(2 ** 53 - 1), 2 ** 53 - 1, 'the largest safe integer is a number');
  t.equal(back(9007199254740992n), 9007199254740992n, '2^53 stays a bigint');
  t.equal(back(-9007199254740992n), -9007199254740992n, '-2^53 stays a bigint');
  t.equal(back(-9223372036854775808n), -9223372036854775808n, 'i64 min');
  t.equal(back(18446744073709551615n), 18446744073709551615n, 'u64 max');
  t.equal(c.decode(fromHex('0000 04 0000000000000005')), 5, 'a small u64 is a plain integer');
  t.equal(c.decode(fromHex('0000 04 001fffffffffffff')), 2 ** 53 - 1);
  t.equal(c.decode(fromHex('0000 04 0020000000000000')), 9007199254740992n);
  t.equal(hex(c.encode(c.decode(fromHex('0000 04 0000000000000005')) as Value)), '0000030000000000000005', 'documented: it re-encodes as an i64');
  const one = back(new FloatBox(1));
  t.ok(one instanceof FloatBox && one.fv === 1, '1.0 stays a float');
  const negZero = back(new FloatBox(-0));
  t.ok(negZero instanceof FloatBox && Object.is(negZero.fv, -0), '-0.0 stays a float');
  t.equal(hex(c.encode(new FloatBox(-0))), '0000058000000000000000');
  t.ok(Number.isNaN(back(Number.NaN)), 'NaN');
  t.equal(back(Number.NEGATIVE_INFINITY), Number.NEGATIVE_INFINITY);
  t.equal(back(5e-324), 5e-324);
  const big = back(new FloatBox(1e300));
  t.ok(big instanceof FloatBox && big.fv === 1e300, 'an integral float beyond 2^53 stays a float');
  t.end();
});

t.test('strings, binaries, arrays and records', (t) => {
  const c = codec();
  const bin = new Uint8Array([0, 255, 10]);
  const values: Value[] = [
    'snot ✓ badger',
    '\u{1F9A1}\u00e9\u4e2d\u0000',
    'x'.repeat(23),
    'y'.repeat(24),
    'é'.repeat(30000),
    '\uFFFD is a character like any other',
    { a: [1, -2, 3.25, 'x', null, true, {}], b: { c: { d: [] } } },
    { bin, nested: [bin], empty: new Uint8Array(0) },
    { '': '', ü: 'k', 'a long key of more than twenty-four bytes': 1 },
    Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i * 1000])),
    Array.from({ length: 3000 }, (_, i) => `s${i % 1500}`),
  ];
  for (const v of values) t.ok(strictEq(c.decode(c.encode(v)) as Value, v), show(v));
  const r = c.decode(c.encode({ z: 1, a: 2, m: 3 })) as Record<string, Value>;
  t.strictSame(Object.keys(r), ['z', 'a', 'm'], 'record order');
  const decoded = c.decode(c.encode(bin));
  t.equal(Object.getPrototypeOf(decoded), Uint8Array.prototype, 'a binary is a plain Uint8Array');
  const chunk = fromHex(`0000 07 ${len(2)} abcd`);
  const copy = c.decode(chunk) as Uint8Array;
  chunk[11] = 0;
  t.equal(copy[0], 0xab, 'a binary is a copy, not a view into the chunk');
  t.end();
});

t.test('decodes any view of the bytes; trailing bytes are ignored, as in Tremor', (t) => {
  const c = codec();
  const bytes = fromHex(A42);
  t.strictSame(c.decode(new Uint8Array([0xff, ...bytes, 0xff]).subarray(1, bytes.length + 1)), { a: 42 }, 'a plain Uint8Array, offset into a larger buffer');
  t.strictSame(c.decode(Buffer.concat([bytes, fromHex('ffff 09')])), { a: 42 });
  // the events in Tremor's bench data start 00 00 00 00 09 …: version 0, then a null
  t.equal(c.decode(fromHex(`0000 0000 09 ${len(0)}`)), null, "the bench data's events are null, there as here");
  t.end();
});

t.test('a __proto__ key is an own key; a repeated key keeps its last value', (t) => {
  const c = codec();
  const r = c.decode(fromHex(`0000 09 ${len(1)} ${len(9)} ${Buffer.from('__proto__').toString('hex')} 09 ${len(1)} ${len(1)} 78 01`)) as Record<string, Value>;
  t.equal(Object.getPrototypeOf(r), Object.prototype);
  t.ok(Object.prototype.hasOwnProperty.call(r, '__proto__'), 'an own key');
  t.notOk(({} as Record<string, unknown>).x, 'no prototype pollution');
  t.ok(strictEq(c.decode(c.encode(r)) as Value, r), 'and it round-trips');
  t.strictSame(c.decode(fromHex(`0000 09 ${len(2)} ${len(1)} 61 03 ${len(1)} ${len(1)} 61 03 ${len(2)}`)), { a: 2 });
  t.end();
});

t.test('the encoder reuses its buffer; each result is its own', (t) => {
  const c = codec();
  const first = c.encode({ a: 42 });
  const big = c.encode(['x'.repeat(10000), new Uint8Array(100000).fill(7), '✓'.repeat(5000)]);
  t.equal(big.length, 2 + 9 + 9 + 10000 + 9 + 100000 + 9 + 15000, 'it grows');
  t.equal(hex(c.encode({ a: 42 })), hex(fromHex(A42)), 'and stays correct after growing');
  t.equal(hex(first), hex(fromHex(A42)), 'an earlier result is untouched');
  t.end();
});

t.test('random values round-trip (like Tremor’s property test)', (t) => {
  const c = codec();
  // a fixed-seed xorshift, so a failure is reproducible
  let seed = 0x9e3779b9;
  const rnd = (n: number) => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) % n;
  };
  const str = () => Array.from({ length: rnd(30) }, () => ['a', 'é', '🦡', 'z', '\u0000', '中'][rnd(6)]).join('');
  const leaf = (): Value => {
    switch (rnd(9)) {
      case 0:
        return null;
      case 1:
        return rnd(2) === 0;
      case 2:
        return rnd(1000000) - 500000;
      case 3:
        return intFromBig(BigInt.asIntN(64, BigInt(rnd(2 ** 31)) * 0x1_0000_0001n * BigInt(rnd(2 ** 31))));
      case 4:
        return 9223372036854775808n + BigInt(rnd(2 ** 31));
      case 5:
        return rnd(2) ? new FloatBox(rnd(100)) : rnd(1000) / 7;
      case 6:
        return new Uint8Array(Array.from({ length: rnd(10) }, () => rnd(256)));
      default:
        return str();
    }
  };
  const gen = (depth: number): Value => {
    if (depth > 4 || rnd(3) === 0) return leaf();
    const n = rnd(8);
    if (rnd(2)) return Array.from({ length: n }, () => gen(depth + 1));
    const r: Record<string, Value> = {};
    for (let i = 0; i < n; i++) r[str()] = gen(depth + 1);
    return r;
  };
  let ok = 0;
  for (let i = 0; i < 500; i++) {
    const v = gen(0);
    const bytes = c.encode(v);
    const back = c.decode(bytes) as Value;
    if (strictEq(back, v) && hex(c.encode(back)) === hex(bytes)) ok++;
    else t.fail(`round trip of ${show(v)}`);
  }
  t.equal(ok, 500);
  t.end();
});

t.test('bad version', (t) => {
  const c = codec();
  t.throws(() => c.decode(fromHex('0001 00')), { message: 'Invalid version: 1, only 0 is known' });
  t.throws(() => c.decode(fromHex('ffff')), { message: 'Invalid version: 65535, only 0 is known' });
  t.end();
});

t.test('data that ends early is an error at every cut', (t) => {
  const c = codec();
  const full = c.encode({ s: 'str', n: -7, f: 2.5, b: new Uint8Array([1]), a: [true, null], o: { k: 'v' } });
  for (let n = 0; n < full.length; n++) {
    t.throws(() => c.decode(full.subarray(0, n)), { message: /^Invalid data: / }, `cut at ${n}`);
  }
  t.ok(strictEq(c.decode(full) as Value, { s: 'str', n: -7, f: 2.5, b: new Uint8Array([1]), a: [true, null], o: { k: 'v' } }));
  const a42 = fromHex(A42);
  const at = (n: number) => a42.subarray(0, n);
  t.throws(() => c.decode(at(0)), { message: 'Invalid data: the data ends at byte 0, inside a value' });
  t.throws(() => c.decode(at(1)), { message: 'Invalid data: the data ends at byte 1, inside a value' });
  t.throws(() => c.decode(at(2)), { message: 'Invalid data: the data ends at byte 2, inside a value' }, 'no type byte');
  t.throws(() => c.decode(at(7)), { message: 'Invalid data: the data ends at byte 7, inside a value' }, 'inside the count');
  t.throws(() => c.decode(at(11)), { message: 'Invalid data: the record length at byte 3 is 1, more than the 0 bytes left can hold' });
  t.throws(() => c.decode(at(19)), { message: 'Invalid data: the record length at byte 3 is 1, more than the 8 bytes left can hold' }, 'an entry takes 9 bytes or more');
  t.throws(() => c.decode(at(20)), { message: 'Invalid data: the data ends at byte 20, inside a value' }, 'no value type');
  t.throws(() => c.decode(at(28)), { message: 'Invalid data: the data ends at byte 28, inside a value' }, 'inside the i64');
  t.end();
});

t.test('unknown types and invalid UTF-8', (t) => {
  const c = codec();
  t.throws(() => c.decode(fromHex('0000 0a')), { message: 'Invalid data: unknown type 10 at byte 2' });
  t.throws(() => c.decode(fromHex(`0000 08 ${len(2)} 00 ff`)), { message: 'Invalid data: unknown type 255 at byte 12' });
  t.throws(() => c.decode(fromHex(`0000 06 ${len(2)} c328`)), { message: 'Invalid data: the string at byte 11 is not valid UTF-8' });
  t.throws(() => c.decode(fromHex(`0000 06 ${len(3)} eda080`)), { message: 'Invalid data: the string at byte 11 is not valid UTF-8' }, 'a surrogate');
  t.throws(() => c.decode(fromHex(`0000 06 ${len(30)} ${'61'.repeat(29)}ff`)), { message: 'Invalid data: the string at byte 11 is not valid UTF-8' }, 'a long string');
  t.throws(() => c.decode(fromHex(`0000 09 ${len(1)} ${len(1)} 80 00`)), { message: 'Invalid data: the string at byte 19 is not valid UTF-8' }, 'a key');
  t.equal(c.decode(fromHex(`0000 06 ${len(3)} efbfbd`)), '\uFFFD', 'an encoded U+FFFD is valid');
  t.equal(c.decode(fromHex('0000 01')), true, 'the codec still works after errors');
  t.end();
});

t.test('hostile lengths fail before anything is allocated', (t) => {
  const c = codec();
  const max = 'ffffffffffffffff';
  t.throws(() => c.decode(fromHex(`0000 06 ${max}`)), { message: 'Invalid data: the string length at byte 3 is 18446744073709551615, more than the 0 bytes left can hold' });
  t.throws(() => c.decode(fromHex(`0000 07 ${max} 00`)), { message: 'Invalid data: the binary length at byte 3 is 18446744073709551615, more than the 1 bytes left can hold' });
  t.throws(() => c.decode(fromHex(`0000 08 ${max} 00`)), { message: 'Invalid data: the array length at byte 3 is 18446744073709551615, more than the 1 bytes left can hold' });
  t.throws(() => c.decode(fromHex(`0000 08 ${len(3)} 00 00`)), { message: 'Invalid data: the array length at byte 3 is 3, more than the 2 bytes left can hold' });
  t.throws(() => c.decode(fromHex(`0000 09 00000000ffffffff ${'00'.repeat(100)}`)), { message: 'Invalid data: the record length at byte 3 is 4294967295, more than the 100 bytes left can hold' });
  t.throws(() => c.decode(fromHex(`0000 09 ${len(1)} 8000000000000000 00`)), { message: 'Invalid data: the key length at byte 11 is 9223372036854775808, more than the 1 bytes left can hold' });
  t.end();
});

t.test('nesting is bounded at 1024 levels both ways', (t) => {
  const c = codec();
  const nested = (levels: number) => fromHex('0000' + `08${len(1)}`.repeat(levels - 1) + `08${len(0)}`);
  let deep: Value = [];
  for (let i = 1; i < 1024; i++) deep = [deep];
  t.equal(hex(c.encode(deep)), hex(nested(1024)), '1024 levels encode');
  t.ok(strictEq(c.decode(nested(1024)) as Value, deep), '1024 levels decode');
  t.throws(() => c.decode(nested(1025)), { message: `Invalid data: the array at byte ${2 + 9 * 1024} is nested deeper than 1024 levels` });
  t.throws(() => c.encode([deep]), { name: 'NestingError' });
  t.throws(() => c.encode({ a: deep }), { name: 'NestingError' }, 'a record counts as a level');
  const records = fromHex('0000' + `09${len(1)}${len(0)}`.repeat(1025) + '00');
  t.throws(() => c.decode(records), { message: `Invalid data: the record at byte ${2 + 17 * 1024} is nested deeper than 1024 levels` });
  const hostile = fromHex('0000' + `08${len(1)}`.repeat(100000) + '00');
  t.throws(() => c.decode(hostile), { message: /nested deeper than 1024 levels/ }, 'no stack overflow');
  t.end();
});

t.test('takes no config', (t) => {
  t.ok(createCodec({ name: 'tremor', config: {} }));
  t.throws(() => createCodec({ name: 'tremor', config: { mode: 'x' } }), /Unknown configuration key `mode` for the tremor codec/);
  t.end();
});
