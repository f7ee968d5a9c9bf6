import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';
import { wallClockNs } from '../../src/base/wallclock.js';
import { FloatBox, strictEq, type Value } from '../../src/runtime/value.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const codec = () => createCodec({ name: 'influx', config: null });

t.test('decodes one line', (t) => {
  const c = codec();
  const v = c.decode(bytes('weather,location=us-midwest temperature=82 1465839830100400200')) as Record<string, Value>;
  t.strictSame(Object.keys(v), ['measurement', 'tags', 'fields', 'timestamp']);
  t.equal(v.measurement, 'weather');
  t.strictSame(v.tags, { location: 'us-midwest' });
  t.ok(strictEq(v.fields, { temperature: new FloatBox(82) }), '82 is the float 82.0');
  t.equal(v.timestamp, 1465839830100400200n, 'exact');
  t.ok(strictEq(c.decode(bytes('m,a=1,b=x\\ y f=1i,s="a \\"q\\"",b=t,g=-1.5 0')) as Value, { measurement: 'm', tags: { a: '1', b: 'x y' }, fields: { f: 1, s: 'a "q"', b: true, g: -1.5 }, timestamp: 0 }));
  t.end();
});

t.test('a missing timestamp is the wall clock at decoding', (t) => {
  const before = wallClockNs();
  const v = codec().decode(bytes('m f=1i')) as Record<string, Value>;
  const after = wallClockNs();
  t.type(v.timestamp, 'bigint');
  t.ok((v.timestamp as bigint) >= before && (v.timestamp as bigint) <= after);
  t.end();
});

t.test('empty and comment lines hold no value; bad lines are errors', (t) => {
  const c = codec();
  t.equal(c.decode(bytes('')), undefined);
  t.equal(c.decode(bytes('   \n')), undefined);
  t.equal(c.decode(bytes('# a comment')), undefined);
  t.throws(() => c.decode(bytes('weather')), /Invalid InfluxDB line protocol/, 'no fields');
  t.throws(() => c.decode(bytes('weather f=1 notatime')), /Invalid InfluxDB line protocol/);
  t.throws(() => c.decode(bytes('weather f=abc 1')), /Invalid InfluxDB line protocol/);
  t.throws(() => c.decode(bytes('a f=1 1\nb f=2 2')), /Invalid InfluxDB line protocol/, 'one line per chunk');
  t.throws(() => c.decode(new Uint8Array([0x6d, 0x20, 0x66, 0x3d, 0xff])), /not valid UTF-8/);
  t.end();
});

t.test("encodes as Tremor's tremor-influx does", (t) => {
  const c = codec();
  // tremor-codec's `encode_mixed_bag`
  const mixed = { measurement: 'wea,\\ ther', tags: {}, fields: { 'temp=erature': new FloatBox(82), 'too\\ \\\\\\"hot"': true }, timestamp: 1465839830100400200n };
  t.equal(text(c.encode(mixed)), 'wea\\,\\\\\\ ther temp\\=erature=82.0,too\\\\\\ \\\\\\\\\\\\\\"hot\\"=true 1465839830100400200');
  // tremor-codec's `live_usecase`: decode, encode, same bytes (keys sorted)
  const line =
    'kafka_BrokerTopicMetrics,agent=jmxtrans,dc=iad1,host_name=kafka-iad1-g4-1,junk=kafka_topic,kafka_type=server,metric_type=counter,topic_name=customerEmailServiceMessage BytesInPerSec=0i,BytesOutPerSec=0i,FailedFetchRequestsPerSec=0i,FetchMessageConversionsPerSec=0i,TotalFetchRequestsPerSec=1993153i 1562179275506000000';
  t.equal(text(c.encode(c.decode(bytes(line)) as Value)), line);
  t.equal(
    text(c.encode({ measurement: 'm', tags: { z: 'last', a: 'first' }, fields: { s: 'say "hi" \\o/', f: 0.1, i: -3, u: 18446744073709551615n, b: false }, timestamp: 5 })),
    'm,a=first,z=last b=false,f=0.1,i=-3i,s="say \\"hi\\" \\\\o/",u=18446744073709551615i 5',
  );
  t.end();
});

t.test('round trips', (t) => {
  const c = codec();
  const values: Value[] = [
    { measurement: 'weather', tags: { location: 'us,midwest' }, fields: { temperature: new FloatBox(82) }, timestamp: 1465839830100400200n },
    { measurement: 'wea ther', tags: { 'location place': 'us-midwest' }, fields: { 'temp=erature': 82 }, timestamp: 0 },
    { measurement: 'm', tags: {}, fields: { s: 'too hot\\cold', q: '"quoted"', e: '', f: 1.5e-7 }, timestamp: 18446744073709551615n },
  ];
  for (const v of values) t.ok(strictEq(c.decode(c.encode(v)) as Value, v), text(c.encode(v)));
  t.end();
});

t.test('values that have no line protocol form are errors', (t) => {
  const c = codec();
  const ok = { measurement: 'm', tags: {}, fields: { f: 1 }, timestamp: 1 };
  t.throws(() => c.encode([1]), /Cannot encode influx line protocol from an array/);
  t.throws(() => c.encode({ ...ok, measurement: 1 }), /`measurement` must be a string/);
  t.throws(() => c.encode({ measurement: 'm', fields: { f: 1 }, timestamp: 1 }), /the field `tags` is missing/);
  t.throws(() => c.encode({ ...ok, tags: { t: 1 } }), /the tag `t` must be a string, not an integer/, 'Tremor would drop the tag');
  t.throws(() => c.encode({ ...ok, fields: {} }), /at least one field/);
  t.throws(() => c.encode({ ...ok, fields: { f: [1] } }), /the field `f` is an array/);
  t.throws(() => c.encode({ ...ok, fields: { f: NaN } }), /the field `f` is NaN/);
  t.throws(() => c.encode({ ...ok, timestamp: -1 }), /`timestamp` must be a non-negative integer, not -1/);
  t.throws(() => c.encode({ ...ok, timestamp: 1.5 }), /not a float/);
  t.throws(() => c.encode({ measurement: 'm', tags: {}, fields: { f: 1 } }), /the field `timestamp` is missing/);
  t.end();
});

t.test('takes no config', (t) => {
  t.throws(() => createCodec({ name: 'influx', config: { precision: 'ns' } }), /Unknown configuration key `precision` for the influx codec/);
  t.end();
});
