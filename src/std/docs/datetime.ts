/** Reference records for `std::datetime`. */
import type { FnDoc, ModuleDoc, ScriptExample } from './types.js';

/** 2023-11-14 22:13:20.123456789 UTC, in nanoseconds since the epoch */
const T = '1700000000123456789';

/** calendar fields: name, what it is, an example in UTC, one in another time zone where that differs */
const FIELDS: readonly [string, string, string, ScriptExample?][] = [
  ['year', 'The year', '2023'],
  ['month', 'The month, from 1 for January to 12', '11'],
  ['iso_week', 'The ISO 8601 week number, from 1 to 53 (week 1 holds the year’s first Thursday)', '46', { code: 'datetime::iso_week(1704067200000000000)', result: '1' }],
  ['day_of_month', 'The day of the month, from 1', '14', { code: 'datetime::day_of_month(datetime::with_timezone(1700000000000000000, "Asia/Tokyo"))', result: '15' }],
  ['day_of_year', 'The day of the year, from 1 for January 1st', '318'],
  ['hour', 'The hour, from 0 to 23', '22', { code: 'datetime::hour(datetime::with_timezone(1700000000000000000, "Asia/Tokyo"))', result: '7' }],
  ['minute', 'The minute, from 0 to 59', '13'],
  ['second', 'The second, from 0 to 59', '20'],
  ['subsecond_millis', 'The milliseconds within the second, from 0 to 999', '123'],
  ['subsecond_micros', 'The microseconds within the second, from 0 to 999999', '123456'],
  ['subsecond_nanos', 'The nanoseconds within the second, from 0 to 999999999', '123456789'],
];

const fieldFns = FIELDS.map(
  ([name, what, result, other]): FnDoc => ({
    name: `std::datetime::${name}`,
    params: ['datetime'],
    doc: `${what} of the datetime, in its time zone.`,
    examples: [{ code: `datetime::${name}(${T})`, result }, ...(other ? [other] : [])],
  }),
);

export const datetimeDocs: ModuleDoc = {
  name: 'std::datetime',
  doc: 'Dates and times. A datetime is an integer, nanoseconds since 1970-01-01 00:00 UTC, or a record made by `with_timezone` that adds a time zone to one. Formats use `strftime` specifiers (`%Y-%m-%d %H:%M:%S`, `%z` for the UTC offset, `%+` for RFC 3339); `datetime::formats` holds `RFC3339`, `RFC2822` and `RFC5322`, and `datetime::timezones` one constant per IANA zone, such as `EUROPE_BERLIN`.',
  functions: [
    {
      name: 'std::datetime::parse',
      params: ['s', 'format'],
      doc: 'Reads a datetime from `s` as laid out by `format` and returns it as an integer, nanoseconds since the epoch in UTC. Without an offset in the format the text is taken as UTC; text that does not fit the format, or does not name a full date and time, is an error.',
      examples: [
        { code: 'datetime::parse("2023-11-14 22:13:20", "%Y-%m-%d %H:%M:%S")', result: '1700000000000000000' },
        { code: 'datetime::parse("2023-11-14T23:13:20+01:00", datetime::formats::RFC3339)', result: '1700000000000000000' },
        { code: 'datetime::parse("14/11/2023", "%d/%m/%Y")', error: 'input is not enough for unique date and time' },
      ],
    },
    {
      name: 'std::datetime::format',
      params: ['datetime', 'format'],
      doc: 'Writes the datetime as text laid out by `format`, in the datetime’s time zone (UTC for an integer).',
      examples: [
        { code: `datetime::format(${T}, "%Y-%m-%d %H:%M:%S%.3f")`, result: '"2023-11-14 22:13:20.123"' },
        { code: 'datetime::format(datetime::with_timezone(1700000000000000000, datetime::timezones::EUROPE_BERLIN), "%d.%m. %H:%M %z")', result: '"14.11. 23:13 +0100"' },
        { code: 'datetime::format(1700000000000000000, datetime::formats::RFC2822)', result: '"Tue, 14 Nov 2023 22:13:20 +0000"' },
      ],
    },
    {
      name: 'std::datetime::rfc3339',
      params: ['datetime'],
      doc: 'The datetime as RFC 3339 text with its zone’s offset; the fraction of a second takes 0, 3, 6 or 9 digits, as few as show it exactly.',
      examples: [
        { code: 'datetime::rfc3339(1700000000000000000)', result: '"2023-11-14T22:13:20+00:00"' },
        { code: 'datetime::rfc3339(1700000000120000000)', result: '"2023-11-14T22:13:20.120+00:00"' },
        { code: `datetime::rfc3339(${T})`, result: '"2023-11-14T22:13:20.123456789+00:00"' },
        { code: 'datetime::rfc3339(datetime::with_timezone(1700000000000000000, "+05:30"))', result: '"2023-11-15T03:43:20+05:30"' },
      ],
    },
    {
      name: 'std::datetime::rfc2822',
      params: ['datetime'],
      doc: 'The datetime as RFC 2822 text, as used in e-mail headers, with its zone’s offset.',
      examples: [
        { code: 'datetime::rfc2822(1700000000000000000)', result: '"Tue, 14 Nov 2023 22:13:20 +0000"' },
        { code: 'datetime::rfc2822(datetime::with_timezone(1700000000000000000, "America/New_York"))', result: '"Tue, 14 Nov 2023 17:13:20 -0500"' },
      ],
    },
    {
      name: 'std::datetime::with_timezone',
      params: ['datetime', 'tz'],
      doc: 'The same instant in time zone `tz`: a `datetime::timezones` constant, an IANA name such as `"Europe/Berlin"` or a fixed offset such as `"+05:30"`. The result is the record `{"timestamp": …, "tz": …}`, which the other functions accept as a datetime; an unknown zone is an error.',
      examples: [
        { code: 'datetime::with_timezone(1700000000000000000, "Europe/Berlin")', result: '{"timestamp":1700000000000000000,"tz":"Europe/Berlin"}' },
        { code: 'datetime::hour(datetime::with_timezone(1700000000000000000, datetime::timezones::ASIA_TOKYO))', result: '7' },
        { code: 'datetime::with_timezone(1700000000000000000, "Mars/Olympus_Mons")', error: 'Invalid timezone: Mars/Olympus_Mons' },
      ],
    },
    ...fieldFns,
  ],
};
