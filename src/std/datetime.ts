/**
 * std::datetime (reference §8.10), with the submodules `formats` and `timezones`.
 *
 * A datetime is an integer (UTC nanoseconds since the epoch) or a record
 * `{"timestamp": ns, "tz": tz}` made by `with_timezone`; `tz` is a `timezones` constant, an
 * IANA name or a fixed offset such as "+01:00". Calendar arithmetic is done here (proleptic
 * Gregorian, exact for the whole 64-bit range); only the UTC offset of a named zone at an
 * instant comes from `Intl`, which carries the IANA database.
 *
 * `format` and `parse` implement chrono's strftime dialect, parsing included: whitespace in
 * the format matches any run of whitespace, numbers skip leading whitespace and take up to
 * their field width, `%Z` skips a word, and a format without an offset specifier parses as UTC.
 */
import { stringify } from '../runtime/json.js';
import { isInt, isRecord, ownKey, toBig, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

import { type Parts, UTC, breakDown, isoWeek, zoneOf, zoneTable } from './datetime/calendar.js';
import { BadFormat, format } from './datetime/format.js';
import { ERR, ParseError, parseDatetime } from './datetime/parse.js';

export { formatDatetime, parseDatetime } from './datetime/parse.js';
// ---------------------------------------------------------------------------- functions

/** a datetime argument: an integer timestamp (UTC) or a `with_timezone` record */
function dtArg(v: Value, f: string, arity: number): Parts {
  if (isInt(v)) return breakDown(toBig(v), UTC);
  if (isRecord(v)) {
    const ts = ownKey(v, 'timestamp');
    const tz = ownKey(v, 'tz');
    if (ts !== undefined && isInt(ts)) {
      if (tz === undefined) return breakDown(toBig(ts), UTC);
      const zone = zoneOf(tz);
      if (!zone) return fnError(f, arity, `Invalid timezone: ${typeof tz === 'string' ? tz : stringify(tz)}`);
      return breakDown(toBig(ts), zone);
    }
  }
  return badType(f, arity);
}

function formatFn(dt: Value, fmt: Value): Value {
  const f = 'datetime::format';
  if (typeof fmt !== 'string') return badType(f, 2);
  const p = dtArg(dt, f, 2);
  try {
    return format(p, fmt);
  } catch (e) {
    if (e instanceof BadFormat) return fnError(f, 2, ERR.format);
    throw e;
  }
}

function parseFn(s: Value, fmt: Value): Value {
  const f = 'datetime::parse';
  if (typeof s !== 'string' || typeof fmt !== 'string') return badType(f, 2);
  try {
    return parseDatetime(s, fmt);
  } catch (e) {
    if (e instanceof ParseError) return fnError(f, 2, `Cannot Parse ${e.message} to valid timestamp`);
    throw e;
  }
}

function withTimezone(dt: Value, tz: Value): Value {
  const f = 'datetime::with_timezone';
  let ts: Value | undefined = dt;
  if (isRecord(dt)) ts = ownKey(dt, 'timestamp');
  if (ts === undefined || !isInt(ts)) return badType(f, 2);
  if (!zoneOf(tz)) return fnError(f, 2, `Invalid timezone: ${typeof tz === 'string' ? tz : stringify(tz)}`);
  return { timestamp: ts, tz };
}

function field(name: string, get: (p: Parts) => number) {
  const f = `datetime::${name}`;
  return fn(f, (dt: Value) => get(dtArg(dt, f, 1)));
}

function constName(zone: string): string {
  return zone
    .toUpperCase()
    .replace(/\+/g, '_PLUS_')
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/_$/, '');
}

const zoneConsts = (() => {
  let table: Record<string, Value> | null = null;
  return () =>
    (table ??= Object.fromEntries(
      zoneTable()
        .map((z, i) => [constName(z), i])
        .reverse(),
    ));
})();
/** constants looked up lazily: `mod.consts[name]` reads through to the zone table */
const timezones = module(
  [],
  new Proxy(Object.create(null) as Record<string, Value>, {
    get: (_t, k) => (typeof k === 'string' ? zoneConsts()[k] : undefined),
    has: (_t, k) => typeof k === 'string' && k in zoneConsts(),
    ownKeys: () => Object.keys(zoneConsts()),
    getOwnPropertyDescriptor: (_t, k) => (typeof k === 'string' && k in zoneConsts() ? { value: zoneConsts()[k], enumerable: true, configurable: true } : undefined),
  }),
);

const formats = module([], { RFC3339: '%+', RFC2822: '%a, %d %b %Y %H:%M:%S %z', RFC5322: '%a, %d %b %Y %H:%M:%S %z' });

export const datetime: StdModule = module(
  [
    fn('datetime::parse', parseFn),
    fn('datetime::format', formatFn),
    fn('datetime::rfc3339', (dt: Value) => format(dtArg(dt, 'datetime::rfc3339', 1), '%+')),
    fn('datetime::rfc2822', (dt: Value) => format(dtArg(dt, 'datetime::rfc2822', 1), '%a, %d %b %Y %H:%M:%S %z')),
    fn('datetime::with_timezone', withTimezone),
    field('year', (p) => p.year),
    field('month', (p) => p.month),
    field('iso_week', (p) => isoWeek(p.days)[1]),
    field('day_of_month', (p) => p.day),
    field('day_of_year', (p) => p.ordinal),
    field('hour', (p) => p.hour),
    field('minute', (p) => p.minute),
    field('second', (p) => p.second),
    field('subsecond_millis', (p) => Math.floor(p.nano / 1_000_000)),
    field('subsecond_micros', (p) => Math.floor(p.nano / 1_000)),
    field('subsecond_nanos', (p) => p.nano),
  ],
  {},
  { formats, timezones },
);
