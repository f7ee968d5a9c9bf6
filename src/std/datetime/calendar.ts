import { isInt, toBig, type Value } from '../../runtime/value.js';
// ------------------------------------------------------------------------- calendar

/** days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm) */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

export const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]);
/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday) */
export const weekdayOf = (days: number) => (((days + 3) % 7) + 7) % 7;

/** the ISO 8601 week-numbering year and week of a day */
export function isoWeek(days: number): [number, number] {
  // the Thursday of this day's week decides the year
  const thursday = days - weekdayOf(days) + 3;
  const [iy] = civilFromDays(thursday);
  return [iy, Math.floor((thursday - daysFromCivil(iy, 1, 1)) / 7) + 1];
}

/** the Monday of ISO week 1 of `year` */
export const isoWeekOneMonday = (year: number) => {
  const jan4 = daysFromCivil(year, 1, 4);
  return jan4 - weekdayOf(jan4);
};

export const pad2 = (n: number) => String(n).padStart(2, '0');

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

// ---------------------------------------------------------------------------- zones

export interface Zone {
  name: string;
  /** seconds east of UTC for a fixed offset; null for a named zone */
  fixed: number | null;
}

export const UTC: Zone = { name: 'UTC', fixed: 0 };

export function isZoneName(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * The zones `timezones` names, sorted; a constant's value is its index here. Node's ICU
 * lists canonical zones only (and not UTC), so a few common names are added when supported.
 * As in Tremor, the numbers are not stable across versions: use the constants.
 */
export function zoneNames(): readonly string[] {
  const names = new Set<string>(Intl.supportedValuesOf('timeZone'));
  const extra = ['UTC', 'Etc/UTC', 'GMT', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Yangon', 'Asia/Ho_Chi_Minh', 'Europe/Kyiv', 'America/Nuuk', 'Atlantic/Faroe', 'Pacific/Kanton'];
  for (const n of extra) if (isZoneName(n)) names.add(n);
  return Object.freeze([...names].sort());
}

/**
 * Asking ICU for every zone takes ~20 ms, a tenth of the command line's start-up, so the
 * table is built on first use (of a `timezones` constant or a zone number) and kept.
 */
export const zoneTable = (() => {
  let names: readonly string[] | null = null;
  return () => (names ??= zoneNames());
})();

export const OFFSET = /^([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?$/;

export function zoneOf(tz: Value): Zone | null {
  if (isInt(tz)) {
    const i = Number(toBig(tz));
    const names = zoneTable();
    return i >= 0 && i < names.length ? { name: names[i], fixed: null } : null;
  }
  if (typeof tz !== 'string') return null;
  const m = OFFSET.exec(tz);
  if (m) {
    const secs = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
    return secs < 86400 ? { name: tz, fixed: m[1] === '-' ? -secs : secs } : null;
  }
  return isZoneName(tz) ? { name: tz, fixed: null } : null;
}

/** seconds east of UTC in `zone` at `epochSec` */
export function offsetAt(zone: Zone, epochSec: number): number {
  if (zone.fixed !== null) return zone.fixed;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone.name,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(epochSec * 1000));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const local = daysFromCivil(get('year'), get('month'), get('day')) * 86400 + get('hour') * 3600 + get('minute') * 60 + get('second');
  return local - epochSec;
}

export function offsetString(off: number, colons: number): string {
  const a = Math.abs(off);
  const hh = pad2(Math.floor(a / 3600));
  const mm = pad2(Math.floor(a / 60) % 60);
  const sign = off < 0 ? '-' : '+';
  if (colons === 3) return sign + hh;
  if (colons === 2) return `${sign}${hh}:${mm}:${pad2(a % 60)}`;
  return colons === 1 ? `${sign}${hh}:${mm}` : sign + hh + mm;
}

/** `%Z`: an abbreviation such as CET where ICU knows one, else a numeric one such as +09 */
export function zoneAbbrev(zone: Zone, epochSec: number, off: number): string {
  if (zone.fixed !== null) return zone.name === 'UTC' ? 'UTC' : offsetString(off, off % 60 ? 2 : 1);
  for (const locale of ['en-US', 'en-GB']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone.name, timeZoneName: 'short' }).formatToParts(new Date(epochSec * 1000)).find((p) => p.type === 'timeZoneName')?.value;
    if (name && !/^GMT[+-]/.test(name)) return name;
  }
  return off % 3600 ? offsetString(off, 0) : offsetString(off, 3);
}

// ------------------------------------------------------------------- broken-down time

export interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nano: number;
  ordinal: number;
  weekday: number;
  days: number;
  epochSec: number;
  offset: number;
  zone: Zone;
}

export function breakDown(ns: bigint, zone: Zone): Parts {
  let secs = ns / 1_000_000_000n;
  let nano = ns % 1_000_000_000n;
  if (nano < 0n) {
    nano += 1_000_000_000n;
    secs -= 1n;
  }
  const epochSec = Number(secs);
  const offset = offsetAt(zone, epochSec);
  const local = epochSec + offset;
  const days = Math.floor(local / 86400);
  const sod = local - days * 86400;
  const [year, month, day] = civilFromDays(days);
  return {
    year,
    month,
    day,
    hour: Math.floor(sod / 3600),
    minute: Math.floor(sod / 60) % 60,
    second: sod % 60,
    nano: Number(nano),
    ordinal: days - daysFromCivil(year, 1, 1) + 1,
    weekday: weekdayOf(days),
    days,
    epochSec,
    offset,
    zone,
  };
}
