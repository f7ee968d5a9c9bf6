/**
 * The `syslog` codec (reference §4.2): one syslog message per chunk, IETF (RFC 5424) or BSD
 * (RFC 3164), both ways, as Tremor's `syslog` codec. Example: a line
 * `<13>1 2021-03-18T20:30:00.123Z 74794bfb6795 root 8449 - - hello` is
 * `{"hostname": "74794bfb6795", "severity": "notice", "facility": "user",
 * "timestamp": 1616099400123000000, "protocol": "RFC5424", "protocol_version": 1,
 * "appname": "root", "procid": "8449", "msg": "hello"}`.
 *
 * Decoding (syslog/decode.ts) is loose, as Tremor's (it uses the `syslog_loose` crate, ported
 * in syslog/parse.ts and the files beside it): RFC 5424 first, then RFC 3164, and a line that
 * is neither is `{"protocol": "RFC3164", "msg": <the line>}`. Decoding only fails on invalid
 * UTF-8. Encoding (syslog/encode.ts) writes either format and fails, with Tremor's messages,
 * on a missing facility or severity (RFC 5424), an unknown facility, severity or protocol, or
 * malformed structured data.
 *
 * Where this differs from Tremor: Tremor resolves the year of an RFC 3164 date from the wall
 * clock at decoding and takes its own clock for a missing RFC 3164 timestamp at encoding;
 * here both come from one clock (the wall clock in a deployment, a fixed one in tests). A
 * timestamp outside the nanosecond range (before 1677 or after 2262), on which Tremor panics,
 * makes the header unreadable, so the line is decoded as a bare message. The parser follows
 * `syslog_loose` 0.18 (the version Tremor 0.13 pins; 0.12's own is older and its source was
 * not at hand), which reads RFC 3164 structured data strictly: `[not sd] text` stays in `msg`.
 *
 * Config: none. `codec = "syslog"`
 */
import { wallClockNs } from '../base/wallclock.js';
import { schema } from '../runtime/schema.js';
import { textCodec } from './bytes.js';
import { defineCodec, type Codec } from './codec.js';
import { decodeSyslog } from './syslog/decode.js';
import { encodeSyslog } from './syslog/encode.js';

/** a syslog codec whose clock is `now` (UTC nanoseconds) */
export function syslogCodec(now: () => bigint): Codec {
  return textCodec(
    'Invalid Syslog Protocol data',
    (line) => decodeSyslog(line, now()),
    (value) => encodeSyslog(value, now),
  );
}

export const syslog = defineCodec('syslog', schema({}), () => syslogCodec(wallClockNs));
