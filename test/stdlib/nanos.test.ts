import t from 'tap';
import { nanos } from '../../src/std/nanos.js';
import { FloatBox, I64_MIN, type Value } from '../../src/runtime/value.js';

const call = (name: string, n: Value) => nanos.fns[name].impl(n);

t.test('constants', (t) => {
  t.same(nanos.consts, {
    NANOS_PER_WEEK: 604800000000000,
    NANOS_PER_DAY: 86400000000000,
    NANOS_PER_HOUR: 3600000000000,
    NANOS_PER_MINUTE: 60000000000,
    NANOS_PER_SECOND: 1000000000,
    NANOS_PER_MILLISECOND: 1000000,
    NANOS_PER_MICROSECOND: 1000,
  });
  t.end();
});

t.test('from_* multiply', (t) => {
  t.equal(call('from_weeks', 1), 604800000000000);
  t.equal(call('from_days', 1), 86400000000000);
  t.equal(call('from_hours', 1), 3600000000000);
  t.equal(call('from_minutes', 1), 60000000000);
  t.equal(call('from_seconds', 60), 60000000000);
  t.equal(call('from_millis', 1), 1000000);
  t.equal(call('from_micros', 1), 1000);
  t.equal(call('from_seconds', 1764175345), 1764175345000000000n);
  t.same(call('from_seconds', 1.5), new FloatBox(1500000000));
  t.throws(() => call('from_weeks', 2n ** 63n), { code: 'T005' });
  t.throws(() => call('from_days', 'a'), { code: 'T004', message: 'Bad type passed to function nanos::from_days/1' });
  t.end();
});

t.test('to_* divide into floats', (t) => {
  t.equal(call('to_seconds', 1500000000), 1.5);
  t.same(call('to_millis', 2000000), new FloatBox(2));
  t.same(call('to_micros', 1000), new FloatBox(1));
  t.same(call('to_minutes', 60000000000), new FloatBox(1));
  t.same(call('to_hours', 3600000000000), new FloatBox(1));
  t.same(call('to_days', 86400000000000), new FloatBox(1));
  t.same(call('to_weeks', 604800000000000), new FloatBox(1));
  t.throws(() => call('to_seconds', null), { code: 'T004', message: 'Bad type passed to function nanos::to_seconds/1' });
  t.end();
});

t.test('truncate_* round down to the unit', (t) => {
  t.equal(call('truncate_seconds', 1500000000), 1000000000);
  t.equal(call('truncate_millis', 1234567), 1000000);
  t.equal(call('truncate_micros', 1234), 1000);
  t.equal(call('truncate_minutes', 61000000000), 60000000000);
  t.equal(call('truncate_hours', 3700000000000), 3600000000000);
  t.equal(call('truncate_days', 1764175345123456789n), 1764115200000000000n);
  t.equal(call('truncate_seconds', -1), -1000000000, 'negative timestamps go to the earlier second');
  t.equal(call('truncate_seconds', -9007199254740991), -9007200000000000n);
  t.throws(() => call('truncate_days', I64_MIN), { code: 'R010' });
  t.throws(() => call('truncate_seconds', 1.5), { code: 'T004', message: 'Bad type passed to function nanos::truncate_seconds/1' });
  t.end();
});
