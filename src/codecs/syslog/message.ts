/**
 * The parts of a syslog message, as `syslog_loose` (the Rust crate behind Tremor's syslog
 * codec) hands them over, and the conversions its parsers share.
 */
import type { Element } from './structured-data.js';

export interface Message {
  /** RFC 5424's version; undefined for RFC 3164 */
  version?: number;
  facility?: string;
  severity?: string;
  /** UTC nanoseconds since the epoch */
  timestamp?: bigint;
  hostname?: string;
  appname?: string;
  procid?: string;
  msgid?: string;
  structuredData: Element[];
  msg: string;
}

/**
 * A process id as `syslog_loose` keeps it: a number that fits an i32 becomes that number
 * (Tremor then prints it, so `0042` is `42` and `+7` is `7`), anything else stays as written.
 */
export function procId(s: string): string {
  if (!/^[+-]?[0-9]+$/.test(s)) return s;
  const n = Number(s);
  return n >= -2147483648 && n <= 2147483647 ? String(n === 0 ? 0 : n) : s;
}

/** a header field's value: undefined for a missing or nil (`-`) one */
export const present = (v: string | null | undefined): string | undefined => v ?? undefined;
