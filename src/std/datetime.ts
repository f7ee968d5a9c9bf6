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
import { I64_MAX, I64_MIN, intFromBig, isInt, isRecord, ownKey, toBig, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

// ------------------------------------------------------------------------- calendar

/** days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm) */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [number, number, number] {
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

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]);
/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday) */
const weekdayOf = (days: number) => (((days + 3) % 7) + 7) % 7;

/** the ISO 8601 week-numbering year and week of a day */
function isoWeek(days: number): [number, number] {
  // the Thursday of this day's week decides the year
  const thursday = days - weekdayOf(days) + 3;
  const [iy] = civilFromDays(thursday);
  return [iy, Math.floor((thursday - daysFromCivil(iy, 1, 1)) / 7) + 1];
}

/** the Monday of ISO week 1 of `year` */
const isoWeekOneMonday = (year: number) => {
  const jan4 = daysFromCivil(year, 1, 4);
  return jan4 - weekdayOf(jan4);
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

// ---------------------------------------------------------------------------- zones

interface Zone {
  name: string;
  /** seconds east of UTC for a fixed offset; null for a named zone */
  fixed: number | null;
}

const UTC: Zone = { name: 'UTC', fixed: 0 };

function isZoneName(name: string): boolean {
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
function zoneNames(): readonly string[] {
  const names = new Set<string>(Intl.supportedValuesOf('timeZone'));
  const extra = ['UTC', 'Etc/UTC', 'GMT', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Yangon', 'Asia/Ho_Chi_Minh', 'Europe/Kyiv', 'America/Nuuk', 'Atlantic/Faroe', 'Pacific/Kanton'];
  for (const n of extra) if (isZoneName(n)) names.add(n);
  return Object.freeze([...names].sort());
}

/**
 * Asking ICU for every zone takes ~20 ms, a tenth of the command line's start-up, so the
 * table is built on first use (of a `timezones` constant or a zone number) and kept.
 */
const zoneTable = (() => {
  let names: readonly string[] | null = null;
  return () => (names ??= zoneNames());
})();

const OFFSET = /^([+-])(\d{2}):?(\d{2})?(?::?(\d{2}))?$/;

function zoneOf(tz: Value): Zone | null {
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
function offsetAt(zone: Zone, epochSec: number): number {
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

function offsetString(off: number, colons: number): string {
  const a = Math.abs(off);
  const hh = pad2(Math.floor(a / 3600));
  const mm = pad2(Math.floor(a / 60) % 60);
  const sign = off < 0 ? '-' : '+';
  if (colons === 3) return sign + hh;
  if (colons === 2) return `${sign}${hh}:${mm}:${pad2(a % 60)}`;
  return colons === 1 ? `${sign}${hh}:${mm}` : sign + hh + mm;
}

/** `%Z`: an abbreviation such as CET where ICU knows one, else a numeric one such as +09 */
function zoneAbbrev(zone: Zone, epochSec: number, off: number): string {
  if (zone.fixed !== null) return zone.name === 'UTC' ? 'UTC' : offsetString(off, off % 60 ? 2 : 1);
  for (const locale of ['en-US', 'en-GB']) {
    const name = new Intl.DateTimeFormat(locale, { timeZone: zone.name, timeZoneName: 'short' }).formatToParts(new Date(epochSec * 1000)).find((p) => p.type === 'timeZoneName')?.value;
    if (name && !/^GMT[+-]/.test(name)) return name;
  }
  return off % 3600 ? offsetString(off, 0) : offsetString(off, 3);
}

// ------------------------------------------------------------------- broken-down time

interface Parts {
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

function breakDown(ns: bigint, zone: Zone): Parts {
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

// ---------------------------------------------------------------------- format items

type Item = { k: 'lit'; s: string } | { k: 'space'; s: string } | { k: 'num'; spec: string; pad: string | null } | { k: 'fixed'; spec: string };

class BadFormat extends Error {}

/** numeric fields: width, default padding, whether a sign may precede them when parsing */
const NUMERIC: Record<string, [number, string, boolean]> = {
  Y: [4, '0', true],
  C: [2, '0', false],
  y: [2, '0', false],
  G: [4, '0', true],
  g: [2, '0', false],
  m: [2, '0', false],
  d: [2, '0', false],
  e: [2, ' ', false],
  U: [2, '0', false],
  W: [2, '0', false],
  V: [2, '0', false],
  w: [1, '0', false],
  u: [1, '0', false],
  j: [3, '0', false],
  H: [2, '0', false],
  k: [2, ' ', false],
  I: [2, '0', false],
  l: [2, ' ', false],
  M: [2, '0', false],
  S: [2, '0', false],
  f: [9, '0', false],
  s: [Infinity, '', true],
};

const COMPOSITE: Record<string, string> = {
  D: '%m/%d/%y',
  x: '%m/%d/%y',
  F: '%Y-%m-%d',
  v: '%e-%b-%Y',
  R: '%H:%M',
  T: '%H:%M:%S',
  X: '%H:%M:%S',
  r: '%I:%M:%S %p',
  c: '%a %b %e %H:%M:%S %Y',
};

const FIXED = new Set(['b', 'h', 'B', 'a', 'A', 'p', 'P', 'Z', 'z', ':z', '::z', ':::z', '#z', '.f', '.3f', '.6f', '.9f', '3f', '6f', '9f', '+']);

function items(fmt: string): Item[] {
  const out: Item[] = [];
  let lit = '';
  const flush = () => {
    if (lit) out.push({ k: 'lit', s: lit });
    lit = '';
  };
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (/\s/.test(c)) {
      flush();
      let j = i;
      while (j < fmt.length && /\s/.test(fmt[j])) j++;
      out.push({ k: 'space', s: fmt.slice(i, j) });
      i = j - 1;
      continue;
    }
    if (c !== '%') {
      lit += c;
      continue;
    }
    let pad: string | null = null;
    if ('-_0'.includes(fmt[i + 1] ?? 'x')) pad = { '-': '', _: ' ', 0: '0' }[fmt[++i] as '-' | '_' | '0'];
    const rest = fmt.slice(i + 1);
    const spec = /^(?:\.[369]?f|[369]f|:{1,3}z|#z|.)/s.exec(rest)?.[0];
    if (spec === undefined) throw new BadFormat();
    i += spec.length;
    if (spec === '%') lit += '%';
    else if (spec === 't') lit += '\t';
    else if (spec === 'n') lit += '\n';
    else if (COMPOSITE[spec]) {
      flush();
      out.push(...items(COMPOSITE[spec]));
    } else if (NUMERIC[spec]) {
      flush();
      out.push({ k: 'num', spec, pad });
    } else if (FIXED.has(spec)) {
      flush();
      out.push({ k: 'fixed', spec });
    } else throw new BadFormat();
  }
  flush();
  return out;
}

// -------------------------------------------------------------------------- formatting

const pad2 = (n: number) => String(n).padStart(2, '0');

function numericValue(spec: string, p: Parts): number {
  const wdSun = (p.weekday + 1) % 7;
  switch (spec) {
    case 'Y':
      return p.year;
    case 'C':
      return Math.floor(p.year / 100);
    case 'y':
      return ((p.year % 100) + 100) % 100;
    case 'G':
      return isoWeek(p.days)[0];
    case 'g':
      return ((isoWeek(p.days)[0] % 100) + 100) % 100;
    case 'm':
      return p.month;
    case 'd':
    case 'e':
      return p.day;
    case 'U':
      return Math.floor((p.ordinal - wdSun + 6) / 7);
    case 'W':
      return Math.floor((p.ordinal - p.weekday + 6) / 7);
    case 'V':
      return isoWeek(p.days)[1];
    case 'w':
      return wdSun;
    case 'u':
      return p.weekday + 1;
    case 'j':
      return p.ordinal;
    case 'H':
    case 'k':
      return p.hour;
    case 'I':
    case 'l':
      return p.hour % 12 || 12;
    case 'M':
      return p.minute;
    case 'S':
      return p.second;
    case 'f':
      return p.nano;
    default:
      return p.epochSec; // 's'
  }
}

function fraction(nano: number, digits: number): string {
  return String(Math.floor(nano / 10 ** (9 - digits))).padStart(digits, '0');
}

function formatFixed(spec: string, p: Parts): string {
  switch (spec) {
    case 'b':
    case 'h':
      return MONTHS[p.month - 1].slice(0, 3);
    case 'B':
      return MONTHS[p.month - 1];
    case 'a':
      return WEEKDAYS[p.weekday].slice(0, 3);
    case 'A':
      return WEEKDAYS[p.weekday];
    case 'p':
      return p.hour < 12 ? 'AM' : 'PM';
    case 'P':
      return p.hour < 12 ? 'am' : 'pm';
    case 'Z':
      return zoneAbbrev(p.zone, p.epochSec, p.offset);
    case 'z':
    case '#z':
      return offsetString(p.offset, 0);
    case ':z':
    case '::z':
    case ':::z':
      return offsetString(p.offset, spec.length - 1);
    case '.f':
      return p.nano === 0 ? '' : '.' + fraction(p.nano, p.nano % 1_000_000 === 0 ? 3 : p.nano % 1000 === 0 ? 6 : 9);
    case '+':
      return format(p, '%Y-%m-%dT%H:%M:%S%.f%:z');
    default: // .3f .6f .9f 3f 6f 9f
      return (spec[0] === '.' ? '.' : '') + fraction(p.nano, Number(spec[spec.length - 2]));
  }
}

function format(p: Parts, fmt: string): string {
  let out = '';
  for (const it of items(fmt)) {
    if (it.k === 'lit' || it.k === 'space') out += it.s;
    else if (it.k === 'fixed') out += formatFixed(it.spec, p);
    else {
      const v = numericValue(it.spec, p);
      const [width, defPad] = NUMERIC[it.spec];
      const padChar = it.pad ?? defPad;
      const signed = (it.spec === 'Y' || it.spec === 'G') && (v < 0 || v > 9999);
      // chrono gives years outside 0..=9999 an explicit sign, padded to four digits after it
      const digits = String(Math.abs(v));
      if (signed) out += padChar === ' ' ? ((v < 0 ? '-' : '+') + digits).padStart(5) : (v < 0 ? '-' : '+') + digits.padStart(padChar ? 4 : 0, '0');
      else out += padChar && width !== Infinity ? String(v).padStart(width, padChar) : String(v);
    }
  }
  return out;
}

// ----------------------------------------------------------------------------- parsing

/** chrono's ParseErrorKind messages */
const ERR = {
  range: 'input is out of range',
  impossible: 'no possible date and time matching input',
  notEnough: 'input is not enough for unique date and time',
  invalid: 'input contains invalid characters',
  short: 'premature end of input',
  long: 'trailing input',
  format: 'bad or unsupported format string',
};

class ParseError extends Error {}

type Fields = Partial<
  Record<
    'year' | 'yearDiv100' | 'yearMod100' | 'isoYear' | 'month' | 'day' | 'ordinal' | 'weekSun' | 'weekMon' | 'isoWeek' | 'weekday' | 'hourDiv12' | 'hourMod12' | 'minute' | 'second' | 'nano' | 'timestamp' | 'offset',
    number
  >
>;

class Scanner {
  readonly f: Fields = {};
  constructor(public s: string) {}

  fail(kind: string): never {
    throw new ParseError(kind);
  }

  set(k: keyof Fields, v: number, lo = -Infinity, hi = Infinity): void {
    if (v < lo || v > hi) this.fail(ERR.range);
    if (this.f[k] !== undefined && this.f[k] !== v) this.fail(ERR.impossible);
    this.f[k] = v;
  }

  /** 1..max digits after optional whitespace; a sign only where allowed */
  number(max: number, signed: boolean): number {
    this.s = this.s.trimStart();
    let sign = 1;
    if (signed && (this.s[0] === '-' || this.s[0] === '+')) {
      sign = this.s[0] === '-' ? -1 : 1;
      this.s = this.s.slice(1);
      max = Infinity;
    }
    const m = /^[0-9]+/.exec(this.s);
    if (!m) this.fail(this.s ? ERR.invalid : ERR.short);
    const digits = m[0].slice(0, max === Infinity ? undefined : max);
    this.s = this.s.slice(digits.length);
    return sign * Number(digits);
  }

  exactDigits(n: number): number {
    const m = new RegExp(`^[0-9]{${n}}`).exec(this.s);
    if (!m) this.fail(this.s.length < n ? ERR.short : ERR.invalid);
    this.s = this.s.slice(n);
    return Number(m[0]);
  }

  literal(lit: string): void {
    if (this.s.length < lit.length) this.fail(ERR.short);
    if (!this.s.startsWith(lit)) this.fail(ERR.invalid);
    this.s = this.s.slice(lit.length);
  }

  /** a name from `names` by its three-letter prefix, optionally spelt out in full */
  name(names: string[], long: boolean): number {
    const head = this.s.slice(0, 3).toLowerCase();
    const i = names.findIndex((n) => n.slice(0, 3).toLowerCase() === head);
    if (i < 0) this.fail(this.s.length < 3 ? ERR.short : ERR.invalid);
    this.s = this.s.slice(3);
    const tail = names[i].slice(3).toLowerCase();
    if (long && this.s.slice(0, tail.length).toLowerCase() === tail) this.s = this.s.slice(tail.length);
    return i;
  }

  offset(permissive: boolean): number {
    this.s = this.s.trimStart();
    if (permissive && (this.s[0] === 'Z' || this.s[0] === 'z')) {
      this.s = this.s.slice(1);
      return 0;
    }
    const sign = this.s[0];
    if (sign !== '+' && sign !== '-') this.fail(this.s ? ERR.invalid : ERR.short);
    this.s = this.s.slice(1);
    const h = this.exactDigits(2);
    this.s = this.s.replace(/^[:\s]*/, '');
    const m = permissive && !/^[0-9]/.test(this.s) ? 0 : this.exactDigits(2);
    if (m > 59) this.fail(ERR.range);
    return (sign === '-' ? -1 : 1) * (h * 3600 + m * 60);
  }

  /** `.` then 1+ digits, the first nine significant (`%.f`) */
  fractionAfterDot(): void {
    if (this.s[0] !== '.') return;
    this.s = this.s.slice(1);
    const m = /^[0-9]+/.exec(this.s);
    if (!m) this.fail(this.s ? ERR.invalid : ERR.short);
    this.s = this.s.slice(m[0].length);
    this.set('nano', Number(m[0].slice(0, 9).padEnd(9, '0')));
  }

  rfc3339(): void {
    this.set('year', this.exactDigits(4));
    this.literal('-');
    this.set('month', this.exactDigits(2), 1, 12);
    this.literal('-');
    this.set('day', this.exactDigits(2), 1, 31);
    if (!/^[Tt ]/.test(this.s)) this.fail(this.s ? ERR.invalid : ERR.short);
    this.s = this.s.slice(1);
    const h = this.exactDigits(2);
    this.set('hourDiv12', Math.floor(h / 12), 0, 1);
    this.set('hourMod12', h % 12);
    this.literal(':');
    this.set('minute', this.exactDigits(2), 0, 59);
    this.literal(':');
    this.set('second', this.exactDigits(2), 0, 60);
    this.fractionAfterDot();
    this.set('offset', this.offset(true));
  }
}

function scanNumeric(sc: Scanner, spec: string): void {
  const [width, , signed] = NUMERIC[spec];
  const v = sc.number(width, signed);
  switch (spec) {
    case 'Y':
      return sc.set('year', v);
    case 'C':
      return sc.set('yearDiv100', v, 0);
    case 'y':
      return sc.set('yearMod100', v, 0, 99);
    case 'G':
      return sc.set('isoYear', v);
    case 'm':
      return sc.set('month', v, 1, 12);
    case 'd':
    case 'e':
      return sc.set('day', v, 1, 31);
    case 'U':
      return sc.set('weekSun', v, 0, 53);
    case 'W':
      return sc.set('weekMon', v, 0, 53);
    case 'V':
      return sc.set('isoWeek', v, 1, 53);
    case 'w':
      if (v > 6) sc.fail(ERR.range);
      return sc.set('weekday', (v + 6) % 7);
    case 'u':
      return sc.set('weekday', v - 1, 0, 6);
    case 'j':
      return sc.set('ordinal', v, 1, 366);
    case 'H':
    case 'k':
      if (v > 23) sc.fail(ERR.range);
      sc.set('hourDiv12', Math.floor(v / 12));
      return sc.set('hourMod12', v % 12);
    case 'I':
    case 'l':
      if (v < 1 || v > 12) sc.fail(ERR.range);
      return sc.set('hourMod12', v % 12);
    case 'M':
      return sc.set('minute', v, 0, 59);
    case 'S':
      return sc.set('second', v, 0, 60);
    case 'f':
      return sc.set('nano', v, 0, 999_999_999);
    case 's':
      return sc.set('timestamp', v);
    default:
      return sc.fail(ERR.format); // %g has no unique year
  }
}

function scanFixed(sc: Scanner, spec: string): void {
  switch (spec) {
    case 'b':
    case 'h':
    case 'B':
      return sc.set('month', sc.name(MONTHS, spec === 'B') + 1);
    case 'a':
    case 'A':
      return sc.set('weekday', sc.name(WEEKDAYS, spec === 'A'));
    case 'p':
    case 'P': {
      const ap = sc.s.slice(0, 2).toLowerCase();
      if (ap !== 'am' && ap !== 'pm') sc.fail(sc.s.length < 2 ? ERR.short : ERR.invalid);
      sc.s = sc.s.slice(2);
      return sc.set('hourDiv12', ap === 'am' ? 0 : 1);
    }
    case 'Z':
      sc.s = sc.s.replace(/^\S*/, '');
      return;
    case 'z':
    case ':z':
    case '::z':
    case ':::z':
    case '#z':
      return sc.set('offset', sc.offset(spec === '#z'));
    case '.f':
      return sc.fractionAfterDot();
    case '+':
      return sc.rfc3339();
    default: {
      if (spec[0] === '.') sc.literal('.');
      const digits = Number(spec[spec.length - 2]);
      return sc.set('nano', sc.exactDigits(digits) * 10 ** (9 - digits));
    }
  }
}

/** the days since the epoch of the parsed date, checking that redundant fields agree */
function resolveDate(f: Fields): number {
  let year = f.year;
  if (year === undefined && f.yearMod100 !== undefined) {
    year = f.yearDiv100 !== undefined ? f.yearDiv100 * 100 + f.yearMod100 : f.yearMod100 + (f.yearMod100 < 70 ? 2000 : 1900);
  }
  let days: number;
  if (year !== undefined && f.month !== undefined && f.day !== undefined) {
    if (f.day > daysInMonth(year, f.month)) throw new ParseError(ERR.range);
    days = daysFromCivil(year, f.month, f.day);
  } else if (year !== undefined && f.ordinal !== undefined) {
    if (f.ordinal > (isLeap(year) ? 366 : 365)) throw new ParseError(ERR.range);
    days = daysFromCivil(year, 1, 1) + f.ordinal - 1;
  } else if (f.isoYear !== undefined && f.isoWeek !== undefined && f.weekday !== undefined) {
    days = isoWeekOneMonday(f.isoYear) + (f.isoWeek - 1) * 7 + f.weekday;
    if (isoWeek(days)[0] !== f.isoYear) throw new ParseError(ERR.range);
  } else if (year !== undefined && f.weekday !== undefined && (f.weekSun !== undefined || f.weekMon !== undefined)) {
    const jan1 = daysFromCivil(year, 1, 1);
    const wd = weekdayOf(jan1);
    // the first Sunday (or Monday) of the year starts week 1; days before it are week 0
    const firstWeekStart = f.weekSun !== undefined ? jan1 + ((6 - wd + 7) % 7) - 7 : jan1 + ((7 - wd) % 7) - 7;
    const offset = f.weekSun !== undefined ? (f.weekday + 1) % 7 : f.weekday;
    days = firstWeekStart + (f.weekSun ?? f.weekMon)! * 7 + offset;
  } else throw new ParseError(ERR.notEnough);
  const [y, m, d] = civilFromDays(days);
  if ((year !== undefined && y !== year && f.isoYear === undefined) || (f.month !== undefined && m !== f.month) || (f.day !== undefined && d !== f.day)) {
    throw new ParseError(ERR.impossible);
  }
  if (f.weekday !== undefined && weekdayOf(days) !== f.weekday) throw new ParseError(ERR.impossible);
  if (f.ordinal !== undefined && days - daysFromCivil(y, 1, 1) + 1 !== f.ordinal) throw new ParseError(ERR.impossible);
  return days;
}

/**
 * Parses `input` with a chrono format into UTC nanoseconds. Without an offset specifier in
 * the format the input is read as UTC; with one, the input must carry an offset. Throws an
 * Error carrying chrono's message.
 */
export function parseDatetime(input: string, fmt: string): number | bigint {
  let its: Item[];
  try {
    its = items(fmt);
  } catch {
    throw new ParseError(ERR.format);
  }
  const needsOffset = its.some((it) => it.k === 'fixed' && (it.spec.endsWith('z') || it.spec === 'Z' || it.spec === '+'));
  const sc = new Scanner(input);
  for (const it of its) {
    if (it.k === 'space') sc.s = sc.s.trimStart();
    else if (it.k === 'lit') sc.literal(it.s);
    else if (it.k === 'num') scanNumeric(sc, it.spec);
    else scanFixed(sc, it.spec);
  }
  if (sc.s.length > 0) throw new ParseError(ERR.long);
  const f = sc.f;
  if (needsOffset && f.offset === undefined) throw new ParseError(ERR.notEnough);
  let ns: bigint;
  if (f.timestamp !== undefined) {
    ns = BigInt(f.timestamp) * 1_000_000_000n + BigInt(f.nano ?? 0);
  } else {
    const days = resolveDate(f);
    if (f.hourDiv12 === undefined || f.hourMod12 === undefined || f.minute === undefined) throw new ParseError(ERR.notEnough);
    const local = days * 86400 + (f.hourDiv12 * 12 + f.hourMod12) * 3600 + f.minute * 60 + (f.second ?? 0);
    ns = BigInt(local - (f.offset ?? 0)) * 1_000_000_000n + BigInt(f.nano ?? 0);
  }
  if (ns < I64_MIN || ns > I64_MAX) throw new ParseError(ERR.range);
  return intFromBig(ns);
}

/** Formats UTC nanoseconds in a zone (default UTC) with a chrono format; throws on a bad format. */
export function formatDatetime(ns: number | bigint, fmt: string, tz: Value = 'UTC'): string {
  return format(breakDown(toBig(ns), zoneOf(tz) ?? UTC), fmt);
}

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
