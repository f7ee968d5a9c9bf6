import { MONTHS, type Parts, WEEKDAYS, isoWeek, offsetString, zoneAbbrev } from './calendar.js';
// ---------------------------------------------------------------------- format items

export type Item = { k: 'lit'; s: string } | { k: 'space'; s: string } | { k: 'num'; spec: string; pad: string | null } | { k: 'fixed'; spec: string };

export class BadFormat extends Error {}

/** numeric fields: width, default padding, whether a sign may precede them when parsing */
export const NUMERIC: Record<string, [number, string, boolean]> = {
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

export const COMPOSITE: Record<string, string> = {
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

export const FIXED = new Set(['b', 'h', 'B', 'a', 'A', 'p', 'P', 'Z', 'z', ':z', '::z', ':::z', '#z', '.f', '.3f', '.6f', '.9f', '3f', '6f', '9f', '+']);

export function items(fmt: string): Item[] {
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

export function numericValue(spec: string, p: Parts): number {
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

export function fraction(nano: number, digits: number): string {
  return String(Math.floor(nano / 10 ** (9 - digits))).padStart(digits, '0');
}

export function formatFixed(spec: string, p: Parts): string {
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

export function format(p: Parts, fmt: string): string {
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
