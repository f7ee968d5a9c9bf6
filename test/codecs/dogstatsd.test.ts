import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';
import { FloatBox, strictEq, type Value } from '../../src/runtime/value.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const codec = () => createCodec({ name: 'dogstatsd', config: null });
const f = (n: number) => new FloatBox(n);

// Tremor's own test lines (dogstatsd.rs): decode to this, encode back to the same bytes
const CASES: [string, string, Value][] = [
  ['dogstatsd_complete_payload', 'dog:111|g|@0.5|#foo:bar,fizz:buzz|c:123abc', { metric: { metric: 'dog', values: [f(111)], type: 'g', sample_rate: 0.5, tags: ['foo:bar', 'fizz:buzz'], container_id: '123abc' } }],
  [
    'dogstatsd_complete_payload_multiple_values',
    'dog:111:222:333:4.44|g|@0.5|#foo:bar,fizz:buzz|c:123abc',
    { metric: { metric: 'dog', values: [f(111), f(222), f(333), 4.44], type: 'g', sample_rate: 0.5, tags: ['foo:bar', 'fizz:buzz'], container_id: '123abc' } },
  ],
  ['dogstatsd_payload_with_sample_and_tags', 'dog:111|g|@0.5|#foo:bar,fizz:buzz', { metric: { metric: 'dog', values: [f(111)], type: 'g', sample_rate: 0.5, tags: ['foo:bar', 'fizz:buzz'] } }],
  ['dogstatsd_payload_with_sample_and_container_id', 'dog:111|g|@0.5|c:123abc', { metric: { metric: 'dog', values: [f(111)], type: 'g', sample_rate: 0.5, container_id: '123abc' } }],
  ['dogstatsd_payload_with_tags_and_container_id', 'dog:111|g|#foo:bar,fizz:buzz|c:123abc', { metric: { metric: 'dog', values: [f(111)], type: 'g', tags: ['foo:bar', 'fizz:buzz'], container_id: '123abc' } }],
  ['dogstatsd_payload_with_tags', 'dog:111|g|#foo:bar,fizz:buzz', { metric: { metric: 'dog', values: [f(111)], type: 'g', tags: ['foo:bar', 'fizz:buzz'] } }],
  ['dogstatsd_payload_with_tag', 'dog:111|g|#foo:bar', { metric: { metric: 'dog', values: [f(111)], type: 'g', tags: ['foo:bar'] } }],
  ['dogstatsd_payload_with_container_id', 'dog:111|g|c:123abc', { metric: { metric: 'dog', values: [f(111)], type: 'g', container_id: '123abc' } }],
  ['dogstatsd_count', 'dog:1|c', { metric: { metric: 'dog', values: [f(1)], type: 'c' } }],
  ['dogstatsd_time', 'dog:320|ms', { metric: { metric: 'dog', values: [f(320)], type: 'ms' } }],
  [
    'dogstatsd_event',
    '_e{21,36}:An exception occurred|Cannot parse CSV file from 10.0.0.17|t:warning|#err_type:bad_file',
    { event: { title: 'An exception occurred', text: 'Cannot parse CSV file from 10.0.0.17', type: 'warning', tags: ['err_type:bad_file'] } },
  ],
  ['dogstatsd_basic_event', '_e{21,36}:An exception occurred|Cannot parse CSV file from 10.0.0.17', { event: { title: 'An exception occurred', text: 'Cannot parse CSV file from 10.0.0.17' } }],
  [
    'dogstatsd_complete_event',
    '_e{4,6}:Test|A Test|d:1663016695|h:test.example.com|k:a1b2c3|p:normal|s:test|t:warning|#err_type:bad_file|c:123abc',
    {
      event: {
        title: 'Test',
        text: 'A Test',
        timestamp: 1663016695,
        hostname: 'test.example.com',
        aggregation_key: 'a1b2c3',
        priority: 'normal',
        source: 'test',
        type: 'warning',
        tags: ['err_type:bad_file'],
        container_id: '123abc',
      },
    },
  ],
  [
    'dogstatsd_service_check',
    '_sc|Redis connection|2|#env:dev|m:Redis connection timed out after 10s',
    { service_check: { name: 'Redis connection', status: 2, tags: ['env:dev'], message: 'Redis connection timed out after 10s' } },
  ],
  ['dogstatsd_basic_service_check', '_sc|Redis connection|2', { service_check: { name: 'Redis connection', status: 2 } }],
  [
    'dogstatsd_complete_service_check',
    '_sc|Redis connection|2|d:1663016695|h:test.example.com|#env:dev|m:Redis connection timed out after 10s|c:123abc',
    {
      service_check: {
        name: 'Redis connection',
        status: 2,
        timestamp: 1663016695,
        hostname: 'test.example.com',
        tags: ['env:dev'],
        message: 'Redis connection timed out after 10s',
        container_id: '123abc',
      },
    },
  ],
];

t.test("Tremor's examples, both ways", (t) => {
  const c = codec();
  for (const [name, line, value] of CASES) {
    const got = c.decode(bytes(line)) as Value;
    t.ok(strictEq(got, value), `${name}: decode`);
    t.equal(text(c.encode(got)), line, `${name}: encode`);
  }
  t.end();
});

t.test("Tremor's bench lines round-trip", (t) => {
  const c = codec();
  for (const line of [
    'foo:1620649445.3351967|h',
    'foo1:12345|c',
    'foo2:1234567890|c',
    '_sc|Redis connection|2|d:1663016695|h:test.example.com|#env:dev|m:Redis connection timed out after 10s|c:123abc',
    '_sc|Redis connection|2',
    '_e{21,36}:An exception occurred|Cannot parse CSV file from 10.0.0.17',
    '_e{21,36}:An exception occurred|Cannot parse CSV file from 10.0.0.17|#env:dev,test:testing',
  ]) {
    t.equal(text(c.encode(c.decode(bytes(line)) as Value)), line);
  }
  t.end();
});

t.test('the key order is the order of the sections', (t) => {
  const v = codec().decode(bytes('dog:1|c|#a|@0.5|c:x')) as { metric: Record<string, Value> };
  t.strictSame(Object.keys(v.metric), ['metric', 'values', 'type', 'tags', 'sample_rate', 'container_id']);
  t.end();
});

t.test('decoding details', (t) => {
  const c = codec();
  const metric = (line: string) => (c.decode(bytes(line)) as { metric: Record<string, Value> }).metric;
  t.strictSame(metric('dog:1|x|@0.5'), { metric: 'dog', values: [f(1)], sample_rate: 0.5 }, 'an unknown type is left out');
  t.strictSame(metric('dog:1|dx|#'), { metric: 'dog', values: [f(1)], type: 'd', tags: [''] }, 'one letter is the type; an empty tag list is one empty tag');
  t.ok(strictEq(metric('dog:-.5:1e3:+2|h').values as Value, [-0.5, f(1000), f(2)]), 'float syntax');
  t.ok(Number.isNaN((metric('dog:NaN|g').values as number[])[0]), 'NaN, as Rust reads it');
  t.strictSame(metric('dog:inf:-Infinity|g').values, [Infinity, -Infinity]);
  t.strictSame(metric('dog:1|c|zz|c:a|c:b').container_id, 'b', 'unknown sections are skipped, the last of a kind wins');
  const event = (c.decode(bytes('_e{6,7}:héllo|wörld!|x|d:0')) as { event: Record<string, Value> }).event;
  t.strictSame(event, { title: 'héllo', text: 'wörld!', timestamp: 0 }, 'lengths are in bytes');
  const shortText = (c.decode(bytes('_e{4,3}:Test|A Test')) as { event: Record<string, Value> }).event;
  t.strictSame(shortText, { title: 'Test', text: 'A T' }, 'the text is cut at its length');
  t.strictSame((c.decode(bytes('_sc|n|0|q:1')) as Record<string, Value>).service_check, { name: 'n', status: 0 });
  t.end();
});

t.test('bad datagrams are errors', (t) => {
  const c = codec();
  for (const [line, why] of [
    ['dog:111', 'no `|` after the values'], // dogstatsd_bad_metric_payload
    ['dog', 'no `:` after the metric name'],
    ['dog:|c', 'bad value ``'],
    ['dog:1x|c', 'bad value `1x`'],
    ['dog:1|c|@fast', 'bad sample rate `fast`'],
    ['_e{4,6}:Test', 'the event is shorter than its title and text lengths'], // dogstatsd_bad_event_payload
    ['_e{4}:Test|A Test', 'an event starts `_e{<title length>,<text length>}:`'],
    ['_e{x,6}:Test|A Test', 'bad title length `x`'],
    ['_e{3,6}:Test|A Test', 'no `|` after the title'],
    ['_e{2,1}:hé|x', 'an event length cuts a UTF-8 character'],
    ['_e{4,6}:Test|A Test|d:-1', 'bad timestamp `-1`'],
    ['_e{4,6}:Test|A Test|d:4294967296', 'bad timestamp `4294967296`'],
    ['_sc|Redis connection', 'no `|` after the service check name'], // dogstatsd_bad_service_check_payload
    ['_sc|n|4', 'the status 4 is not 0, 1, 2 or 3'],
    ['_sc|n|ok', 'bad status `ok`'],
    ['_sc|n|1|d:x', 'bad timestamp `x`'],
  ]) {
    t.throws(() => c.decode(bytes(line)), { message: `Invalid dogstatsd metric: ${why}` }, line);
  }
  t.throws(() => c.decode(new Uint8Array([0x64, 0x3a, 0x31, 0x7c, 0x63, 0xff])), { message: 'Invalid dogstatsd metric: the input is not valid UTF-8' });
  t.end();
});

t.test('encoding details', (t) => {
  const c = codec();
  const line = (v: Value) => text(c.encode(v));
  t.equal(
    line({ metric: { metric: 'm', type: 'g', values: [f(1e300), f(-0), 1.5, 1e-6, 7, 18446744073709551615n, Number.NaN] } }),
    'm:9223372036854775807:0:1.5:1e-6:7:18446744073709551615:NaN|g',
    "Rust's integer cast and ryu; integers as they are",
  );
  t.equal(line({ metric: { metric: 'm', type: 'c', values: [f(1)], sample_rate: f(1), tags: ['a', 1, 'b'] } }), 'm:1|c|@1.0|#a,b', 'the rate as JSON; non-string tags skipped');
  t.equal(line({ metric: { metric: 'm', type: 'c', values: [], tags: [] } }), 'm:|c|#');
  t.equal(line({ event: { title: 'héllo', text: 'x', timestamp: -1, hostname: 3, priority: 'low' } }), '_e{6,1}:héllo|x|p:low', 'byte lengths; optional parts of the wrong type skipped');
  t.equal(line({ service_check: { name: 'n', status: -1, timestamp: 4294967295 } }), '_sc|n|-1|d:4294967295', 'any i32 status, as Tremor');
  t.equal(line({ metric: { metric: 'm', type: 'c', values: [f(1)] }, event: {} }), 'm:1|c', 'metric wins');
  for (const [v, why] of [
    [{}, 'cannot encode a record; expected {metric: …}, {event: …} or {service_check: …}'],
    ['dog:1|c', 'cannot encode a string; expected {metric: …}, {event: …} or {service_check: …}'],
    [{ metric: null }, '`metric` must be a record, not a null'],
    [{ metric: { type: 'c', values: [] } }, '`metric.metric` must be a string'],
    [{ metric: { metric: 'm', values: [] } }, '`metric.type` must be a string'],
    [{ metric: { metric: 'm', type: 'c' } }, '`metric.values` must be an array'],
    [{ metric: { metric: 'm', type: 'c', values: ['1'] } }, '`metric.values` must hold numbers, not a string'],
    [{ metric: { metric: 'm', type: 'c', values: [], sample_rate: null } }, '`metric.sample_rate` must be a number, not a null'],
    [{ event: { title: 't' } }, '`event.text` must be a string'],
    [{ service_check: { name: 'n', status: f(1) } }, '`service_check.status` must be an integer'],
  ] as [Value, string][]) {
    t.throws(() => c.encode(v), { message: `Invalid dogstatsd metric: ${why}` }, why);
  }
  t.end();
});
