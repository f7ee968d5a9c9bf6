/**
 * A value as a syslog line, as Tremor writes it: the parts joined by single spaces.
 *
 * `protocol` picks the format: `"RFC3164"`; `"RFC5424"` with an integer `protocol_version`;
 * neither key means RFC 5424 version 1. Then:
 *
 * - RFC 5424: `<PRI>VERSION TIMESTAMP HOSTNAME APPNAME PROCID MSGID SD [MSG]`. `facility` and
 *   `severity` are required; the timestamp is written as RFC 3339 in UTC (`…T22:14:15.003+00:00`);
 *   a missing (or non-string) field is `-`, missing structured data is `-`.
 * - RFC 3164: `<PRI>Mmm dd hh:mm:ss HOSTNAME APP[PROCID]: [SD] [MSG]`. Without both facility
 *   and severity the PRI is 13 (user.notice); without a timestamp the clock's time is used;
 *   without an app name the tag is a bare `:`.
 *
 * Structured data must be `{id: [{name: "value"}, …]}`; all its elements are written as one
 * part, values in quotes as they are (escapes included). The errors are Tremor's texts.
 */
import { format } from '../../std/datetime/format.js';
import { UTC, breakDown } from '../../std/datetime/calendar.js';
import { I64_MAX, I64_MIN, isRecord, ownKey, type Rec, type Value } from '../../runtime/value.js';
import { facilityCode, severityCode } from './priority.js';

const DEFAULT_PRI = 13;
const U32_MAX = 4294967295;

const invalid = (why: string): Error => new Error(`Invalid Syslog Protocol data: ${why}`);

export function encodeSyslog(v: Value, nowNs: () => bigint): string {
  const rec: Rec = isRecord(v) ? v : {};
  const protocol = str(rec, 'protocol');
  const version = u32(rec, 'protocol_version');
  if (protocol === 'RFC3164') return rfc3164(rec, nowNs).join(' ');
  if (protocol === 'RFC5424' && version === undefined) throw invalid('Missing protocol version');
  if (protocol === undefined && version !== undefined) throw invalid('Missing protocol type');
  if (protocol !== undefined && protocol !== 'RFC5424') throw invalid('Invalid protocol type');
  return rfc5424(rec, version ?? 1).join(' ');
}

function rfc5424(v: Rec, version: number): string[] {
  const facility = str(v, 'facility');
  if (facility === undefined) throw invalid('facility missing');
  const severity = str(v, 'severity');
  if (severity === undefined) throw invalid('severity missing');
  const ts = i64(v, 'timestamp');
  const parts = [`<${pri(facility, severity)}>${version}`, ts === undefined ? '-' : format(breakDown(ts, UTC), '%+')];
  for (const key of ['hostname', 'appname', 'procid', 'msgid']) parts.push(str(v, key) ?? '-');
  const sd = ownKey(v, 'structured_data');
  parts.push(sd === undefined ? '-' : structuredData(sd));
  const msg = str(v, 'msg');
  if (msg !== undefined) parts.push(msg);
  return parts;
}

function rfc3164(v: Rec, nowNs: () => bigint): string[] {
  const facility = str(v, 'facility');
  const severity = str(v, 'severity');
  const prio = facility !== undefined && severity !== undefined ? pri(facility, severity) : DEFAULT_PRI;
  const ts = i64(v, 'timestamp') ?? nowNs();
  const parts = [`<${prio}>${format(breakDown(ts, UTC), '%b %e %H:%M:%S')}`, str(v, 'hostname') ?? '-'];
  const app = str(v, 'appname');
  const procid = str(v, 'procid');
  parts.push(app === undefined ? ':' : procid === undefined ? `${app}:` : `${app}[${procid}]:`);
  const sd = ownKey(v, 'structured_data');
  if (sd !== undefined) parts.push(structuredData(sd));
  const msg = str(v, 'msg');
  if (msg !== undefined) parts.push(msg);
  return parts;
}

function pri(facility: string, severity: string): number {
  const f = facilityCode(facility);
  if (f < 0) throw invalid('invalid facility');
  const s = severityCode(severity);
  if (s < 0) throw invalid('invalid severity');
  return (f << 3) + s;
}

/** `[id k="v" …][id2 …]`, all elements as one part */
function structuredData(sd: Value): string {
  if (!isRecord(sd)) throw invalid('Invalid structured data: structured data not an object');
  let out = '';
  for (const id of Object.keys(sd)) {
    const params = sd[id];
    if (!Array.isArray(params)) throw invalid('Invalid structured data: params not an array of objects');
    out += '[' + id;
    for (const kv of params) {
      if (!isRecord(kv)) throw invalid("Invalid structured data: param's key value pair not an object");
      for (const k of Object.keys(kv)) {
        const value = kv[k];
        if (typeof value !== 'string') throw invalid("Invalid structured data: param's key value pair not an object");
        out += ` ${k}="${value}"`;
      }
    }
    out += ']';
  }
  return out;
}

const str = (v: Rec, key: string): string | undefined => {
  const x = ownKey(v, key);
  return typeof x === 'string' ? x : undefined;
};

/** an integer that fits an i64 */
function i64(v: Rec, key: string): bigint | undefined {
  const x = ownKey(v, key);
  if (typeof x === 'number' && Number.isInteger(x)) return BigInt(x);
  return typeof x === 'bigint' && x >= I64_MIN && x <= I64_MAX ? x : undefined;
}

/** an integer that fits a u32 */
function u32(v: Rec, key: string): number | undefined {
  const x = ownKey(v, key);
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= U32_MAX ? x : undefined;
}
