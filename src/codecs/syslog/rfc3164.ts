/**
 * The BSD (RFC 3164) header, as `syslog_loose` reads it:
 * `<PRI>TIMESTAMP [HOST] [TAG][:] [STRUCTURED-DATA] MSG`. The PRI is optional; the timestamp
 * is not (a line without one is no RFC 3164 message). Up to two fields follow, each after
 * exactly one space and up to whitespace or `:`:
 *
 * - two fields: the host and the tag; a tag `app[pid]` is the app name and the process id;
 * - one field: the tag when it has the `app[pid]` form, else the host;
 * - a nil (`-`) tag leaves host, app name and process id all missing, as in the crate.
 *
 * Then optional spaces, an optional `:`, optional spaces, optional strictly well-formed
 * structured data (or `-`), optional spaces, and the rest is the message.
 */
import type { Message } from './message.js';
import { procId } from './message.js';
import { priority } from './priority.js';
import { headerField, spaces } from './scan.js';
import { structuredData } from './structured-data.js';
import { rfc3164 } from './timestamp.js';

type Field = string | null | undefined;

export function parse3164(s: string, yearOf: (month: number) => number): Message | undefined {
  const pri = priority(s, 0);
  const ts = rfc3164(s, spaces(s, pri.end), yearOf);
  if (!ts) return undefined;
  const first = s[ts.end] === ' ' ? headerField(s, ts.end + 1, false) : undefined;
  let pos = first ? first.end : ts.end;
  const second = s[pos] === ' ' ? headerField(s, pos + 1, false) : undefined;
  if (second) pos = second.end;
  pos = spaces(s, pos);
  if (s[pos] === ':') pos++;
  pos = spaces(s, pos);
  const sd = structuredData(s, pos, false);
  if (sd) pos = spaces(s, sd.end);
  const { host, app, pid } = hostAndTag(first?.value, second?.value);
  return {
    facility: pri.facility,
    severity: pri.severity,
    timestamp: ts.ns,
    hostname: host,
    appname: app,
    procid: pid === undefined ? undefined : procId(pid),
    structuredData: sd ? sd.elements : [],
    msg: s.slice(pos),
  };
}

/** undefined: the field is absent; null: it is `-` */
function hostAndTag(first: Field, second: Field): { host?: string; app?: string; pid?: string } {
  if (first !== undefined && typeof second === 'string') {
    const tag = sysTag(second);
    return { host: first ?? undefined, app: tag ? tag[0] : second, pid: tag?.[1] };
  }
  if (typeof first === 'string' && second === undefined) {
    const tag = sysTag(first);
    return tag ? { app: tag[0], pid: tag[1] } : { host: first };
  }
  return {};
}

/** `app[pid]` as [app, pid]; the whole field must have that form */
function sysTag(field: string): [string, string] | undefined {
  const m = /^([^[]*)\[([^\]]+)\]$/.exec(field);
  return m ? [m[1], m[2]] : undefined;
}
