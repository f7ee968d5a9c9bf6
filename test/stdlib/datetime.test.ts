import t from 'tap';
import { datetime, formatDatetime, parseDatetime } from '../../src/std/datetime.js';
import type { Value } from '../../src/runtime/value.js';

const call = (name: string, ...args: Value[]) => datetime.fns[name].impl(...args);
const TZ = datetime.mods.timezones.consts;
const parseErr = (msg: string) => ({ code: 'R010', message: `Runtime error in function datetime::parse/2: Cannot Parse ${msg} to valid timestamp` });

t.test('parse (chrono rules; corpus scripts/datetime)', (t) => {
  t.equal(call('parse', '2019-01-01 09:42', '%Y-%m-%d %H:%M'), 1546335720000000000n);
  t.equal(call('parse', '2019-06-17T13:15:40.752Z', '%Y-%m-%dT%H:%M:%S%.3fZ'), 1560777340752000000n);
  t.equal(call('parse', '1983 Apr 13 12:09:14.274 +0000', '%Y %b %d %H:%M:%S%.3f %z'), 419083754274000000n);
  t.equal(call('parse', '1983 Apr 13 14:09:14 +02:00', '%Y %b %d %H:%M:%S %z'), 419083754000000000n);
  t.equal(call('parse', '1560777212', '%s'), 1560777212000000000n);
  t.equal(call('parse', '1970-01-01T00:00:00.5Z', '%+'), 500000000);
  t.equal(call('parse', '1970-01-01 01:00:00 +01:00', datetime.mods.formats.consts.RFC3339 === '%+' ? '%Y-%m-%d %H:%M:%S %:z' : ''), 0);
  t.equal(call('parse', 'Thu, 01 Jan 1970 00:00:00 +0000', datetime.mods.formats.consts.RFC2822 as string), 0);
  t.equal(call('parse', '  1970-1-2   3:04', '%Y-%m-%d %H:%M'), 97440000000000, 'whitespace and short numbers');
  t.equal(call('parse', '01/01/70 12:01 AM', '%D %I:%M %p'), 60000000000);
  t.equal(call('parse', '01/01/69 12:00 pm', '%D %I:%M %P'), 3124267200000000000n, 'two-digit years below 70 are 20xx');
  t.equal(call('parse', '1970 002 00:00', '%Y %j %H:%M'), 86400000000000);
  t.equal(call('parse', '1970-W01-4 00:00', '%G-W%V-%u %H:%M'), 0);
  t.equal(call('parse', 'Thursday January 1 1970 0:0', '%A %B %e %Y %H:%M'), 0);
  t.end();
});

t.test('parse errors carry chrono messages', (t) => {
  t.throws(() => call('parse', 'x', '%Y'), parseErr('input contains invalid characters'));
  t.throws(() => call('parse', '2019', '%Y'), parseErr('input is not enough for unique date and time'));
  t.throws(() => call('parse', '2019-01-01 09:42x', '%Y-%m-%d %H:%M'), parseErr('trailing input'));
  t.throws(() => call('parse', '2019-01-01 09', '%Y-%m-%d %H:%M'), parseErr('premature end of input'));
  t.throws(() => call('parse', '2019-13-01 00:00', '%Y-%m-%d %H:%M'), parseErr('input is out of range'));
  t.throws(() => call('parse', '2019-02-30 00:00', '%Y-%m-%d %H:%M'), parseErr('input is out of range'));
  t.throws(() => call('parse', 'Mon 1970-01-01 00:00', '%a %Y-%m-%d %H:%M'), parseErr('no possible date and time matching input'));
  t.throws(() => call('parse', '2019-01-01 09:42', '%Y-%m-%d %H:%M %z'), parseErr('premature end of input'));
  t.throws(() => call('parse', '2019-01-01 09:42 CET', '%Y-%m-%d %H:%M %Z'), parseErr('input is not enough for unique date and time'));
  t.throws(() => call('parse', '1', '%Q'), parseErr('bad or unsupported format string'));
  t.throws(() => call('parse', '3000-01-01 00:00', '%Y-%m-%d %H:%M'), parseErr('input is out of range'));
  t.throws(() => call('parse', 1, '%s'), { code: 'T004', message: 'Bad type passed to function datetime::parse/2' });
  t.throws(() => parseDatetime('x', '%Y'), { message: 'input contains invalid characters' });
  t.end();
});

t.test('format: chrono strftime specifiers', (t) => {
  const ns = call('parse', '2001-07-08T00:34:59.026490+09:30', '%+') as bigint;
  const dt = call('with_timezone', ns, '+09:30');
  const f = (fmt: string) => call('format', dt, fmt);
  const expect: [string, string][] = [
    ['%Y', '2001'],
    ['%C', '20'],
    ['%y', '01'],
    ['%m', '07'],
    ['%b', 'Jul'],
    ['%B', 'July'],
    ['%h', 'Jul'],
    ['%d', '08'],
    ['%e', ' 8'],
    ['%a', 'Sun'],
    ['%A', 'Sunday'],
    ['%w', '0'],
    ['%u', '7'],
    ['%U', '27'],
    ['%W', '27'],
    ['%G', '2001'],
    ['%g', '01'],
    ['%V', '27'],
    ['%j', '189'],
    ['%D', '07/08/01'],
    ['%x', '07/08/01'],
    ['%F', '2001-07-08'],
    ['%v', ' 8-Jul-2001'],
    ['%H', '00'],
    ['%k', ' 0'],
    ['%I', '12'],
    ['%l', '12'],
    ['%P', 'am'],
    ['%p', 'AM'],
    ['%M', '34'],
    ['%S', '59'],
    ['%f', '026490000'],
    ['%.f', '.026490'],
    ['%.3f', '.026'],
    ['%.6f', '.026490'],
    ['%.9f', '.026490000'],
    ['%3f', '026'],
    ['%6f', '026490'],
    ['%9f', '026490000'],
    ['%R', '00:34'],
    ['%T', '00:34:59'],
    ['%X', '00:34:59'],
    ['%r', '12:34:59 AM'],
    ['%Z', '+09:30'],
    ['%z', '+0930'],
    ['%:z', '+09:30'],
    ['%::z', '+09:30:00'],
    ['%:::z', '+09'],
    ['%c', 'Sun Jul  8 00:34:59 2001'],
    ['%+', '2001-07-08T00:34:59.026490+09:30'],
    ['%s', '994518299'],
    ['%t%n%%', '\t\n%'],
    ['%-d/%-m %_H|%0e', '8/7  0|08'],
    ['at %H:%M  now', 'at 00:34  now'],
  ];
  for (const [fmt, want] of expect) t.equal(f(fmt), want, fmt);
  const day = (s: string) => call('parse', s + ' 00:00', '%Y-%m-%d %H:%M');
  t.equal(call('format', day('2012-03-04'), '%U,%W,%V,%a,%w,%u,%j'), '10,09,09,Sun,0,7,064');
  t.equal(call('format', day('2007-12-31'), '%G,%g,%U,%W,%V'), '2008,08,52,53,01');
  t.equal(call('format', day('2010-01-03'), '%G,%g,%U,%W,%V'), '2009,09,01,00,53');
  t.equal(call('format', day('1677-09-22'), '%Y %-j %_m'), '1677 265  9');
  t.equal(formatDatetime(-1, '%Y-%m-%d %H:%M:%S%.f'), '1969-12-31 23:59:59.999999999');
  t.throws(() => call('format', 0, '%Q'), { code: 'R010', message: 'Runtime error in function datetime::format/2: bad or unsupported format string' });
  t.throws(() => call('format', 0, '%'), { code: 'R010' });
  t.throws(() => call('format', 'x', '%Y'), { code: 'T004', message: 'Bad type passed to function datetime::format/2' });
  t.throws(() => call('format', 0, 1), { code: 'T004' });
  t.end();
});

t.test('rfc3339 and rfc2822', (t) => {
  t.equal(call('rfc3339', 0), '1970-01-01T00:00:00+00:00');
  t.equal(call('rfc3339', 1500000000), '1970-01-01T00:00:01.500+00:00');
  t.equal(call('rfc2822', 0), 'Thu, 01 Jan 1970 00:00:00 +0000');
  t.equal(call('rfc2822', call('with_timezone', 0, TZ.EUROPE_BERLIN)), 'Thu, 01 Jan 1970 01:00:00 +0100');
  t.throws(() => call('rfc3339', 'x'), { code: 'T004', message: 'Bad type passed to function datetime::rfc3339/1' });
  t.throws(() => call('rfc2822', null), { code: 'T004', message: 'Bad type passed to function datetime::rfc2822/1' });
  t.end();
});

t.test('with_timezone and zones', (t) => {
  t.same(call('with_timezone', 123, TZ.EUROPE_BERLIN), { timestamp: 123, tz: TZ.EUROPE_BERLIN });
  t.equal(call('format', call('with_timezone', 123, TZ.EUROPE_BERLIN), '%Y-%m-%dT%H:%M:%S%:z'), '1970-01-01T01:00:00+01:00');
  t.equal(call('format', call('with_timezone', 0, 'Europe/Berlin'), '%Z'), 'CET');
  const july = 1720000000000000000n; // 2024-07-03
  t.equal(call('format', call('with_timezone', july, 'America/New_York'), '%H %z %Z'), '05 -0400 EDT', 'daylight saving time');
  t.equal(call('format', call('with_timezone', july, 'Asia/Kolkata'), '%H:%M %:z'), '15:16 +05:30');
  t.equal(call('format', call('with_timezone', 0, 'UTC'), '%Z %z'), 'UTC +0000');
  t.equal(call('hour', call('with_timezone', call('with_timezone', 0, 'UTC'), '-02:00')), 22, 'a datetime can be re-zoned');
  t.ok(typeof TZ.UTC === 'number' && typeof TZ.AMERICA_NEW_YORK === 'number');
  t.throws(() => call('with_timezone', 0, 'Mars/Olympus'), { code: 'R010', message: 'Runtime error in function datetime::with_timezone/2: Invalid timezone: Mars/Olympus' });
  t.throws(() => call('with_timezone', 0, 100000), { code: 'R010', message: /Invalid timezone: 100000$/ });
  t.throws(() => call('year', { timestamp: 0, tz: 2n ** 64n - 1n }), { code: 'R010', message: /Invalid timezone: 18446744073709551615$/ });
  t.throws(() => call('with_timezone', 'x', 'UTC'), { code: 'T004', message: 'Bad type passed to function datetime::with_timezone/2' });
  t.throws(() => call('year', { timestamp: 0, tz: 'nowhere' }), { code: 'R010', message: /Invalid timezone/ });
  t.end();
});

t.test('calendar accessors', (t) => {
  const a = 1559655782123456789n;
  t.equal(call('hour', a), 13);
  t.equal(call('minute', a), 43);
  t.equal(call('second', a), 2);
  t.equal(call('subsecond_millis', a), 123);
  t.equal(call('subsecond_micros', a), 123456);
  t.equal(call('subsecond_nanos', a), 123456789);
  const b = 1555767782123456789n;
  t.equal(call('day_of_month', b), 20);
  t.equal(call('month', b), 4);
  t.equal(call('year', b), 2019);
  t.equal(call('year', 0), 1970);
  t.equal(call('month', 0), 1);
  t.equal(call('iso_week', 0), 1);
  t.equal(call('day_of_month', 0), 1);
  t.equal(call('day_of_year', 0), 1);
  t.equal(call('day_of_year', call('parse', '2020-12-31 00:00', '%Y-%m-%d %H:%M')), 366);
  t.equal(call('iso_week', call('parse', '2021-01-03 00:00', '%Y-%m-%d %H:%M')), 53);
  t.equal(call('iso_week', call('parse', '2019-12-30 00:00', '%Y-%m-%d %H:%M')), 1);
  t.equal(call('subsecond_millis', 1_000_000), 1);
  t.equal(call('subsecond_micros', 1_000_000), 1000);
  t.equal(call('year', { timestamp: 0 }), 1970, 'a record without tz is UTC');
  for (const f of ['year', 'month', 'iso_week', 'day_of_month', 'day_of_year', 'hour', 'minute', 'second', 'subsecond_millis', 'subsecond_micros', 'subsecond_nanos']) {
    t.throws(() => call(f, 'x'), { code: 'T004', message: `Bad type passed to function datetime::${f}/1` });
  }
  t.end();
});

t.test('formats', (t) => {
  t.same(datetime.mods.formats.consts, { RFC3339: '%+', RFC2822: '%a, %d %b %Y %H:%M:%S %z', RFC5322: '%a, %d %b %Y %H:%M:%S %z' });
  t.end();
});
