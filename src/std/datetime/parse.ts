import { I64_MAX, I64_MIN, intFromBig, toBig, type Value } from '../../runtime/value.js';
import { MONTHS, UTC, WEEKDAYS, breakDown, civilFromDays, daysFromCivil, daysInMonth, isLeap, isoWeek, isoWeekOneMonday, weekdayOf, zoneOf } from './calendar.js';
import { type Item, NUMERIC, format, items } from './format.js';
// ----------------------------------------------------------------------------- parsing

/** chrono's ParseErrorKind messages */
export const ERR = {
  range: 'input is out of range',
  impossible: 'no possible date and time matching input',
  notEnough: 'input is not enough for unique date and time',
  invalid: 'input contains invalid characters',
  short: 'premature end of input',
  long: 'trailing input',
  format: 'bad or unsupported format string',
};

export class ParseError extends Error {}

export type Fields = Partial<
  Record<
    'year' | 'yearDiv100' | 'yearMod100' | 'isoYear' | 'month' | 'day' | 'ordinal' | 'weekSun' | 'weekMon' | 'isoWeek' | 'weekday' | 'hourDiv12' | 'hourMod12' | 'minute' | 'second' | 'nano' | 'timestamp' | 'offset',
    number
  >
>;

export class Scanner {
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

export function scanNumeric(sc: Scanner, spec: string): void {
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

export function scanFixed(sc: Scanner, spec: string): void {
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
export function resolveDate(f: Fields): number {
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
