/**
 * Syslog timestamps, as `syslog_loose` reads them, to UTC nanoseconds since the epoch.
 *
 * - RFC 5424: RFC 3339 (`2003-10-11T22:14:15.003Z`, any offset), read up to the next space with
 *   chrono's RFC 3339 rules; there must be a space after it.
 * - RFC 3164: `Oct 11 22:14:15` (month names in any case, an optional trailing `:`), whose year
 *   comes from the clock (the previous year for a December message read in January); else
 *   `Oct 11 2003 22:14:15`; else RFC 3339. Dates without an offset are UTC, as Tremor asks.
 *
 * A date that does not exist (`Feb 30`, `25:00:00`) does not match. A time outside Tremor's
 * nanosecond range (the years 1677–2262) makes Tremor panic; here it does not match either.
 */
import { parseDatetime } from '../../std/datetime/parse.js';
import { daysFromCivil, daysInMonth } from '../../std/datetime/calendar.js';
import { I64_MAX, I64_MIN, toBig } from '../../runtime/value.js';
import { digits, spaces1 } from './scan.js';

export interface Timestamp {
  ns: bigint;
  end: number;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const I32_MAX = 2147483647;
// chrono's NaiveDate range
const MAX_YEAR = 262143;

/** an RFC 3339 time at `pos`, ended by a space */
export function rfc3339(s: string, pos: number): Timestamp | undefined {
  const end = s.indexOf(' ', pos);
  if (end < 0) return undefined;
  try {
    return { ns: toBig(parseDatetime(s.slice(pos, end), '%+')), end };
  } catch {
    return undefined;
  }
}

/** `yearOf(month)` gives the year of a date written without one */
export function rfc3164(s: string, pos: number, yearOf: (month: number) => number): Timestamp | undefined {
  return withoutYear(s, pos, yearOf) ?? withYear(s, pos) ?? rfc3339(s, pos);
}

function withoutYear(s: string, pos: number, yearOf: (month: number) => number): Timestamp | undefined {
  const month = monthAt(s, pos);
  const day = month && afterSpaces(s, month.end);
  const time = day && clock(s, spaces1(s, day.end));
  if (!time) return undefined;
  const ns = nanos(yearOf(month.value), month.value, day.value, time);
  return ns === undefined ? undefined : { ns, end: time.end };
}

function withYear(s: string, pos: number): Timestamp | undefined {
  const month = monthAt(s, pos);
  const day = month && afterSpaces(s, month.end);
  const year = day && afterSpaces(s, day.end, I32_MAX);
  const time = year && clock(s, spaces1(s, year.end));
  if (!time || year.value > MAX_YEAR) return undefined;
  const ns = nanos(year.value, month.value, day.value, time);
  return ns === undefined ? undefined : { ns, end: time.end };
}

/** a three-letter month name, any case */
function monthAt(s: string, pos: number): { value: number; end: number } | undefined {
  const i = MONTHS.indexOf(s.slice(pos, pos + 3).toLowerCase());
  return i < 0 ? undefined : { value: i + 1, end: pos + 3 };
}

/** spaces, then a number */
function afterSpaces(s: string, pos: number, max?: number): { value: number; end: number } | undefined {
  const at = spaces1(s, pos);
  return at < 0 ? undefined : digits(s, at, max);
}

interface Clock {
  hour: number;
  minute: number;
  second: number;
  end: number;
}

/** `HH:MM:SS`, then an optional `:` */
function clock(s: string, pos: number): Clock | undefined {
  if (pos < 0) return undefined;
  const hour = digits(s, pos);
  const minute = hour && s[hour.end] === ':' ? digits(s, hour.end + 1) : undefined;
  const second = minute && s[minute.end] === ':' ? digits(s, minute.end + 1) : undefined;
  if (!hour || !minute || !second) return undefined;
  return { hour: hour.value, minute: minute.value, second: second.value, end: s[second.end] === ':' ? second.end + 1 : second.end };
}

/** UTC nanoseconds of a date and time; undefined when there is no such time */
function nanos(year: number, month: number, day: number, t: Clock): bigint | undefined {
  if (day < 1 || day > daysInMonth(year, month) || t.hour > 23 || t.minute > 59 || t.second > 59) return undefined;
  const secs = daysFromCivil(year, month, day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
  const ns = BigInt(secs) * 1_000_000_000n;
  return ns < I64_MIN || ns > I64_MAX ? undefined : ns;
}
