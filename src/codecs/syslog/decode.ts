/**
 * A syslog line as Tremor's value. Only the parts the line has are set, in this order:
 * `hostname`, `severity`, `facility`, `timestamp` (UTC nanoseconds), `protocol` (`"RFC5424"`
 * or `"RFC3164"`, always there), `protocol_version` (RFC 5424 only), `appname`, `msgid`,
 * `structured_data` (`{id: [{name: value}, …]}`, when there is any), `procid` (a string) and
 * `msg` (when not empty). A line with no recognisable header is `{protocol: "RFC3164", msg}`.
 *
 * An RFC 3164 date has no year: it takes the clock's year, or the year before for a December
 * date read in January (Tremor's `resolve_year`).
 */
import { UTC, breakDown } from '../../std/datetime/calendar.js';
import { intFromBig, setKey, type Rec } from '../../runtime/value.js';
import type { Message } from './message.js';
import { parseMessage } from './parse.js';

export function decodeSyslog(line: string, nowNs: bigint): Rec {
  const now = breakDown(nowNs, UTC);
  const yearOf = (month: number) => (now.month === 1 && month === 12 ? now.year - 1 : now.year);
  return toValue(parseMessage(line, yearOf));
}

function toValue(m: Message): Rec {
  const out: Rec = {};
  if (m.hostname !== undefined) out.hostname = m.hostname;
  if (m.severity !== undefined) out.severity = m.severity;
  if (m.facility !== undefined) out.facility = m.facility;
  if (m.timestamp !== undefined) out.timestamp = intFromBig(m.timestamp);
  out.protocol = m.version === undefined ? 'RFC3164' : 'RFC5424';
  if (m.version !== undefined) out.protocol_version = m.version;
  if (m.appname !== undefined) out.appname = m.appname;
  if (m.msgid !== undefined) out.msgid = m.msgid;
  if (m.structuredData.length > 0) {
    const sd: Rec = {};
    for (const e of m.structuredData) {
      setKey(
        sd,
        e.id,
        e.params.map(([name, value]) => {
          const param: Rec = {};
          setKey(param, name, value);
          return param;
        }),
      );
    }
    out.structured_data = sd;
  }
  if (m.procid !== undefined) out.procid = m.procid;
  if (m.msg !== '') out.msg = m.msg;
  return out;
}
