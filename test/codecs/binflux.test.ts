import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';
import { FloatBox, strictEq, type Value } from '../../src/runtime/value.js';

const codec = () => createCodec({ name: 'binflux', config: null });
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const fromHex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

// {measurement: "m", tags: {t: "v"}, fields: {i: -1, f: 1.5, s: "x", b: true, c: false}, timestamp: 42}
const LINE = `0000 0001 6d 000000000000002a
  0001 0001 74 0001 76
  0005 0001 69 00 ffffffffffffffff
       0001 66 01 3ff8000000000000
       0001 73 02 0001 78
       0001 62 03
       0001 63 04`;
const VALUE: Value = { measurement: 'm', tags: { t: 'v' }, fields: { i: -1, f: 1.5, s: 'x', b: true, c: false }, timestamp: 42 };

t.test('the byte layout, both ways', (t) => {
  const c = codec();
  t.equal(hex(c.encode(VALUE)), hex(fromHex(LINE)));
  const v = c.decode(fromHex(LINE)) as Record<string, Value>;
  t.ok(strictEq(v, VALUE));
  t.strictSame(Object.keys(v), ['measurement', 'tags', 'fields', 'timestamp'], "Tremor's key order");
  t.end();
});

t.test("encode_decode (Tremor's test): a value survives the round trip", (t) => {
  const c = codec();
  const value: Value = {
    measurement: 'm',
    tags: { t1: 'v1', t2: 'v2' },
    fields: { f1: 42, f2: new FloatBox(42), f3: true, f4: false, f5: 'snot' },
    timestamp: 42,
  };
  t.ok(strictEq(c.decode(c.encode(value)) as Value, value), '42.0 stays a float');
  t.end();
});

t.test('numbers keep their range', (t) => {
  const c = codec();
  const value: Value = { measurement: 'é', tags: {}, fields: { max: 9223372036854775807n, min: -9223372036854775808n, tiny: 5e-324 }, timestamp: 18446744073709551615n };
  t.ok(strictEq(c.decode(c.encode(value)) as Value, value));
  t.equal(hex(c.encode({ measurement: '', timestamp: 0 })), '0000' + '0000' + '0000000000000000' + '0000' + '0000', 'missing tags and fields are empty');
  t.end();
});

t.test("errors (Tremor's test), in order", (t) => {
  const c = codec();
  t.throws(() => c.encode({}), { message: 'Invalid BInflux Line Protocol data: measurement missing' });
  t.throws(() => c.encode({ measurement: 'm' }), { message: 'Invalid BInflux Line Protocol data: timestamp missing' });
  t.throws(() => c.encode({ measurement: 'm', timestamp: 42, fields: { snot: [1] } }), { message: 'Invalid BInflux Line Protocol data: Unknown type as influx line value: Array' });
  t.end();
});

t.test('more encoding errors', (t) => {
  const c = codec();
  const m = (extra: Record<string, Value>): Value => ({ measurement: 'm', timestamp: 1, ...extra });
  for (const [v, why] of [
    [m({ timestamp: -1 }), 'timestamp missing'],
    [m({ timestamp: new FloatBox(1) }), 'timestamp missing'],
    [m({ fields: { x: 18446744073709551615n } }), 'Unknown type as influx line value: U64'],
    [m({ fields: { x: null } }), 'Unknown type as influx line value: Null'],
    [m({ fields: { x: {} } }), 'Unknown type as influx line value: Object'],
    [m({ fields: { x: new Uint8Array(1) } }), 'Unknown type as influx line value: Custom("bytes")'],
    [m({ tags: { x: 1 } }), 'the tag `x` must be a string'],
    [m({ measurement: 'x'.repeat(65536) }), 'string too long'],
    [m({ tags: Object.fromEntries(Array.from({ length: 65536 }, (_, i) => [`t${i}`, ''])) }), 'too many tags'],
  ] as [Value, string][]) {
    t.throws(() => c.encode(v), { message: `Invalid BInflux Line Protocol data: ${why}` }, why);
  }
  t.throws(() => c.encode('m'), { message: 'Invalid BInflux Line Protocol data: measurement missing' });
  t.end();
});

t.test('bad data is an error', (t) => {
  const c = codec();
  const full = fromHex(LINE);
  t.throws(() => c.decode(fromHex('0001 0001 6d')), { message: 'Invalid BInflux Line Protocol data: invalid version' });
  for (const n of [0, 1, 3, 5, 12, full.length - 1]) {
    t.throws(() => c.decode(full.subarray(0, n)), { message: `Invalid BInflux Line Protocol data: the data ends at byte ${n}, inside a value` }, `cut at ${n}`);
  }
  t.throws(() => c.decode(fromHex('0000 0001 ff 000000000000002a 0000 0000')), { message: 'Invalid BInflux Line Protocol data: the string at byte 4 is not valid UTF-8' });
  t.throws(() => c.decode(fromHex('0000 0001 6d 000000000000002a 0000 0001 0001 78 07')), { message: 'Invalid BInflux Line Protocol data: bad field type: 7' });
  t.ok(strictEq(c.decode(Buffer.concat([full, fromHex('ffff')])) as Value, VALUE), 'bytes after the last field are ignored');
  t.end();
});
