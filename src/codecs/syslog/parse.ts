/**
 * Parsing a syslog line as `syslog_loose` does: the line is trimmed, read as RFC 5424 if it
 * can be, else as RFC 3164; when neither header fits, the whole line, untrimmed, is the
 * message and every other part is missing.
 */
import type { Message } from './message.js';
import { parse3164 } from './rfc3164.js';
import { parse5424 } from './rfc5424.js';
import { rustTrim } from './scan.js';

/** `yearOf(month)` gives the year of an RFC 3164 date written without one */
export function parseMessage(line: string, yearOf: (month: number) => number): Message {
  const trimmed = rustTrim(line);
  return parse5424(trimmed) ?? parse3164(trimmed, yearOf) ?? { structuredData: [], msg: line };
}
