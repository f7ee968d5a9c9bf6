import t from 'tap';
import { prepareExtractor } from '../../src/std/extractors/index.js';

function datetime(rule: string) {
  const p = prepareExtractor('datetime', rule);
  if ('error' in p) throw new Error(p.error);
  return (s: string) => p.test(s, undefined);
}

t.test('formats', (t) => {
  t.equal(datetime('%Y-%m-%d %H:%M')('2019-01-01 09:42'), 1546335720000000000n);
  t.equal(datetime('%Y-%m-%d %H:%M:%S')('2019-06-20 00:00:00'), 1560988800000000000n);
  t.equal(datetime('%Y-%m-%dT%T%.6f%:z')('2019-08-07T16:41:12.159975-04:00'), 1565210472159975000n);
  t.equal(datetime('%Y-%m-%dT%T%.6f')('2019-08-07T20:41:12.159975'), 1565210472159975000n);
  t.equal(datetime('%d/%b/%Y:%H:%M:%S %z')('10/Oct/2000:13:55:36 -0700'), 971211336000000000n);
  t.equal(datetime('%+')('2019-08-07T20:41:12Z'), 1565210472000000000n);
  t.equal(datetime('%s')('1000'), 1000000000000);
  t.equal(datetime('%a, %d %B %Y %I:%M %p')('Wed, 07 August 2019 08:41 PM'), 1565210460000000000n);
  t.end();
});

t.test('instants before 1970 wrap around like Rust `as u64`', (t) => {
  t.equal(datetime('%Y-%m-%d %H:%M')('1969-12-31 23:59'), 2n ** 64n - 60_000_000_000n);
  t.end();
});

t.test('no match', (t) => {
  const f = datetime('%Y-%m-%d %H:%M:%S');
  for (const bad of ['snot', '123', '2019-06-20 00:00:71', '2019-06-20 00:00:00 extra', '2019-02-30 00:00:00']) t.equal(f(bad), undefined, bad);
  t.equal(datetime('%Y-%m-%d')('2019-06-20'), undefined, 'a time is required');
  t.equal(datetime('%Y-%m-%d %H:%M %z')('2019-06-20 00:00'), undefined, 'the offset is required');
  t.equal(datetime('%Y-%m-%d %H:%M %Z')('2019-06-20 00:00 UTC'), undefined, '%Z does not give an offset');
  t.equal(datetime('%Q')('anything'), undefined, 'a bad format never matches');
  t.end();
});
