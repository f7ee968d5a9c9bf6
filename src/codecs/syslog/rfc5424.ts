/**
 * The RFC 5424 header, as `syslog_loose` reads it:
 * `<PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG`, fields one or
 * more spaces apart, `-` for a nil field. Looser than the RFC where the crate is: the PRI may
 * be missing, the app name may hold `:` (the other fields may not), unreadable structured-data
 * elements are dropped, and the message is the rest of the line after optional spaces. A nil
 * (`-`) timestamp does not fit, so such a line is read as RFC 3164.
 */
import type { Message } from './message.js';
import { present, procId } from './message.js';
import { priority } from './priority.js';
import { digits, headerField, spaces, spaces1 } from './scan.js';
import { structuredData } from './structured-data.js';
import { rfc3339 } from './timestamp.js';

export function parse5424(s: string): Message | undefined {
  const pri = priority(s, 0);
  const version = digits(s, pri.end);
  if (!version) return undefined;
  const ts = after(s, version.end, rfc3339);
  const hostname = ts && after(s, ts.end, field(false));
  const appname = hostname && after(s, hostname.end, field(true));
  const procid = appname && after(s, appname.end, field(false));
  const msgid = procid && after(s, procid.end, field(false));
  const sd = msgid && structuredData(s, spaces(s, msgid.end), true);
  if (!sd) return undefined;
  const pid = present(procid.value);
  return {
    version: version.value,
    facility: pri.facility,
    severity: pri.severity,
    timestamp: ts.ns,
    hostname: present(hostname.value),
    appname: present(appname.value),
    procid: pid === undefined ? undefined : procId(pid),
    msgid: present(msgid.value),
    structuredData: sd.elements,
    msg: s.slice(spaces(s, sd.end)),
  };
}

const field = (colons: boolean) => (s: string, pos: number) => headerField(s, pos, colons);

/** `read` after one or more spaces */
function after<T>(s: string, pos: number, read: (s: string, pos: number) => T | undefined): T | undefined {
  const at = spaces1(s, pos);
  return at < 0 ? undefined : read(s, at);
}
