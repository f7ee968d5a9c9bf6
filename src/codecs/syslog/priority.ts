/**
 * The PRI part of a syslog message, `<165>`: facility × 8 + severity, with the facility and
 * severity names Tremor uses (`syslog_loose`'s `as_str`, the Linux names). Decoding takes the
 * number as a byte: `<256>` or `<x>` is no PRI at all, and facilities 24–31 have no name, so
 * such a message has a severity but no facility.
 */
import { digits } from './scan.js';

export const FACILITIES = [
  'kern',
  'user',
  'mail',
  'daemon',
  'auth',
  'syslog',
  'lpr',
  'news',
  'uucp',
  'cron',
  'authpriv',
  'ftp',
  'ntp',
  'audit',
  'alert',
  'clockd',
  'local0',
  'local1',
  'local2',
  'local3',
  'local4',
  'local5',
  'local6',
  'local7',
];

export const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'];

export interface Priority {
  facility?: string;
  severity?: string;
  end: number;
}

/** an optional `<n>` at `pos`; without one nothing is read */
export function priority(s: string, pos: number): Priority {
  if (s[pos] === '<') {
    const n = digits(s, pos + 1, 255);
    if (n && s[n.end] === '>') return { facility: FACILITIES[n.value >> 3], severity: SEVERITIES[n.value & 7], end: n.end + 1 };
  }
  return { end: pos };
}

/** the number of a facility or severity name, -1 for an unknown name */
export const facilityCode = (name: string): number => FACILITIES.indexOf(name);
export const severityCode = (name: string): number => SEVERITIES.indexOf(name);
