import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';
import { FloatBox, strictEq, type Value } from '../../src/runtime/value.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const codec = () => createCodec({ name: 'statsd', config: null });

// Tremor's own test lines (tremor-codec statsd.rs): decode to this, encode back to the same bytes
const CASES: [string, Value][] = [
  ['gorets:1|c', { metric: 'gorets', type: 'c', value: 1 }],
  ['glork:320|ms', { metric: 'glork', type: 'ms', value: 320 }],
  ['gaugor:333|g', { metric: 'gaugor', type: 'g', value: 333 }],
  ['uniques:765|s', { metric: 'uniques', type: 's', value: 765 }],
  ['horst:42.23|h', { metric: 'horst', type: 'h', value: 42.23 }],
  ['sam:7|c|@0.1', { metric: 'sam', type: 'c', sample_rate: 0.1, value: 7 }],
  ['addy:+123|g', { metric: 'addy', type: 'g', action: 'add', value: 123 }],
  ['subastian:-234|g', { metric: 'subastian', type: 'g', action: 'sub', value: 234 }],
  ['foo:1620649445.3351967|h', { metric: 'foo', type: 'h', value: 1620649445.3351967 }],
  ['foo2:1234567890|c', { metric: 'foo2', type: 'c', value: 1234567890 }],
];

t.test("Tremor's examples, both ways", (t) => {
  const c = codec();
  for (const [line, value] of CASES) {
    const got = c.decode(bytes(line)) as Value;
    t.ok(strictEq(got, value), `decode ${line}`);
    t.equal(text(c.encode(got)), line, `encode ${line}`);
  }
  t.end();
});

t.test('numbers', (t) => {
  const c = codec();
  t.ok(strictEq(c.decode(bytes('x:1.0|g')) as Value, { metric: 'x', type: 'g', value: new FloatBox(1) }), 'a value with a dot is a float');
  t.equal(text(c.encode({ metric: 'x', type: 'g', value: new FloatBox(1) })), 'x:1.0|g');
  t.equal((c.decode(bytes('x:18446744073709551615|c')) as Record<string, Value>).value, 18446744073709551615n, 'u64, exact');
  t.equal((c.decode(bytes('x:-9223372036854775808|c')) as Record<string, Value>).value, -9223372036854775808n, 'i64, exact');
  t.equal((c.decode(bytes('x:-5|c')) as Record<string, Value>).value, -5, 'negative counters are just negative');
  t.equal((c.decode(bytes('x:+5|c')) as Record<string, Value>).action, undefined, 'a + means add for gauges only');
  t.ok(strictEq((c.decode(bytes('x:-0.5|g')) as Record<string, Value>).value, 0.5));
  t.ok(strictEq((c.decode(bytes('x:1|c|@1')) as Record<string, Value>).sample_rate, new FloatBox(1)), 'the sample rate is a float');
  t.equal(text(c.encode({ metric: 'x', type: 'c', value: 1, sample_rate: new FloatBox(1) })), 'x:1|c|@1.0');
  t.equal(text(c.encode({ metric: 'x', type: 'c', value: 1, sample_rate: 2 })), 'x:1|c|@2');
  t.equal(text(c.encode({ metric: 'x', type: 'c', value: 1, sample_rate: null })), 'x:1|c', 'a null sample rate is left out');
  t.equal(text(c.encode({ metric: 'x', type: 'c', value: 1, action: 'add' })), 'x:1|c', 'action only means something for gauges');
  t.end();
});

t.test('bad lines are errors', (t) => {
  const c = codec();
  for (const [line, why] of [
    ['nocolon', /no `:`/],
    ['x:1', /no `\|`/],
    ['x:1|', /unknown type ``/],
    ['x:1|x', /unknown type `x`/],
    ['x:1|cc', /unexpected `c` after the type/],
    ['x:1|c\n', /unexpected `\n` after the type/],
    ['x:abc|c', /bad value `abc`/],
    ['x:1e5|c', /bad value `1e5`/],
    ['x:1.2.3|c', /bad value `1.2.3`/],
    ['x:18446744073709551616|c', /out of range/],
    ['x:-9223372036854775809|c', /out of range/],
    ['x:1|c|@', /bad sample rate ``/],
    ['x:1|c|@fast', /bad sample rate `fast`/],
    ['x:1|c|0.5', /unexpected `\|0.5`/],
  ] as [string, RegExp][]) {
    t.throws(() => c.decode(bytes(line)), why, JSON.stringify(line));
  }
  t.throws(() => c.decode(new Uint8Array([0x78, 0x3a, 0x31, 0x7c, 0xff])), /not valid UTF-8/);
  t.end();
});

t.test('values that have no statsd form are errors', (t) => {
  const c = codec();
  t.throws(() => c.encode('x:1|c'), /Cannot encode statsd from a string/);
  t.throws(() => c.encode({ type: 'c', value: 1 }), /`metric` must be a string/);
  t.throws(() => c.encode({ metric: 'a:b', type: 'c', value: 1 }), /without `:`/);
  t.throws(() => c.encode({ metric: 'x', type: 'counter', value: 1 }), /`type` must be one of c, ms, g, h, s/);
  t.throws(() => c.encode({ metric: 'x', type: 'c', value: '1' }), /`value` must be a number/);
  t.throws(() => c.encode({ metric: 'x', type: 'c', value: Infinity }), /the value is Infinity/);
  t.throws(() => c.encode({ metric: 'x', type: 'c', value: 1, sample_rate: 'often' }), /`sample_rate` must be a number/);
  t.end();
});

t.test('takes no config', (t) => {
  t.throws(() => createCodec({ name: 'statsd', config: { prefix: 'a' } }), /Unknown configuration key `prefix` for the statsd codec/);
  t.end();
});
