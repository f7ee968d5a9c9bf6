import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';
import { syslogCodec } from '../../src/codecs/syslog.js';
import { strictEq, type Value } from '../../src/runtime/value.js';

const bytes = (s: string) => Buffer.from(s, 'utf8');
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
/** Tremor's tests encode with a clock stopped at the epoch */
const epoch = () => syslogCodec(() => 0n);
const at = (iso: string) => syslogCodec(() => ns(iso));
const decode = (line: string, c = epoch()) => c.decode(bytes(line)) as Record<string, Value>;

t.test('registered as `syslog`', (t) => {
  const c = createCodec({ name: 'syslog', config: null });
  t.equal(decode('<13>1 2021-03-18T20:30:00.123Z - - - - - x', c).msg, 'x');
  t.throws(() => createCodec({ name: 'syslog', config: { x: 1 } }), /x/);
  t.end();
});

// ------------------------------------------------------------- Tremor's unit tests (syslog.rs)

t.test('test_syslog_codec: decode, encode and decode again give the same value', (t) => {
  const c = epoch();
  const line =
    '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource= "Application" eventID="1011"][examplePriority@32473 class="high"] BOMAn application event log entry...';
  const decoded = decode(line, c);
  t.ok(strictEq(c.decode(c.encode(decoded)) as Value, decoded));
  t.ok(
    strictEq(decoded, {
      hostname: 'mymachine.example.com',
      severity: 'notice',
      facility: 'local4',
      timestamp: 1065910455003000000n,
      protocol: 'RFC5424',
      protocol_version: 1,
      appname: 'evntslog',
      msgid: 'ID47',
      structured_data: {
        'exampleSDID@32473': [{ iut: '3' }, { eventSource: 'Application' }, { eventID: '1011' }],
        'examplePriority@32473': [{ class: 'high' }],
      },
      msg: 'BOMAn application event log entry...',
    }),
  );
  t.strictSame(Object.keys(decoded), ['hostname', 'severity', 'facility', 'timestamp', 'protocol', 'protocol_version', 'appname', 'msgid', 'structured_data', 'msg'], "Tremor's key order");
  t.end();
});

t.test('test_decode_empty: nil fields are left out', (t) => {
  const v = decode('<191>1 2021-03-18T20:30:00.123Z - - - - - message');
  t.ok(strictEq(v, { severity: 'debug', facility: 'local7', timestamp: 1616099400123000000n, protocol: 'RFC5424', protocol_version: 1, msg: 'message' }));
  t.end();
});

t.test('decode_invalid_message: no header, so it is all message', (t) => {
  t.strictSame(decode('an invalid message'), { protocol: 'RFC3164', msg: 'an invalid message' });
  t.end();
});

t.test('encode_empty_rfc5424: missing fields are `-`, and it decodes back', (t) => {
  const c = epoch();
  const msg = { severity: 'notice', facility: 'local4', msg: 'test message', protocol: 'RFC5424', protocol_version: 1, timestamp: 0 };
  const line = c.encode(msg);
  t.equal(text(line), '<165>1 1970-01-01T00:00:00+00:00 - - - - - test message');
  t.ok(strictEq(c.decode(line) as Value, msg));
  t.end();
});

t.test('encoding errors (encode_invalid_facility, _severity, _rfc5424_missing_version, _missing_protocol, _invalid_protocol)', (t) => {
  const c = epoch();
  const base = { severity: 'notice', facility: 'local4', msg: 'test message', protocol: 'RFC5424', protocol_version: 1, timestamp: 0 };
  t.throws(() => c.encode({ ...base, facility: 'snot' }), { message: 'Invalid Syslog Protocol data: invalid facility' });
  t.throws(() => c.encode({ ...base, severity: 'snot' }), { message: 'Invalid Syslog Protocol data: invalid severity' });
  const { protocol_version: _v, ...noVersion } = base;
  t.throws(() => c.encode(noVersion), { message: 'Invalid Syslog Protocol data: Missing protocol version' });
  const { protocol: _p, ...noProtocol } = base;
  t.throws(() => c.encode(noProtocol), { message: 'Invalid Syslog Protocol data: Missing protocol type' });
  t.throws(() => c.encode({ ...noVersion, protocol: 'snot' }), { message: 'Invalid Syslog Protocol data: Invalid protocol type' });
  t.end();
});

t.test('encode_empty_rfc3164: default time, host `-` and a bare `:` tag', (t) => {
  const line = epoch().encode({ severity: 'notice', facility: 'local4', msg: 'test message', protocol: 'RFC3164' });
  t.equal(text(line), '<165>Jan  1 00:00:00 - : test message');
  t.end();
});

t.test('test_incorrect_sd: an unreadable element is dropped', (t) => {
  const v = decode('<13>1 2021-03-18T20:30:00.123Z 74794bfb6795 root 8449 - [incorrect x] message');
  t.ok(
    strictEq(v, {
      hostname: '74794bfb6795',
      severity: 'notice',
      facility: 'user',
      timestamp: 1616099400123000000n,
      protocol: 'RFC5424',
      protocol_version: 1,
      appname: 'root',
      procid: '8449',
      msg: 'message',
    }),
  );
  t.end();
});

t.test('test_invalid_sd_3164: bracketed text that is no structured data stays in the message', (t) => {
  const v = decode('<46>Jan  5 15:33:03 plertrood-ThinkPad-X220 rsyslogd:  [software="rsyslogd" swVersion="8.32.0"] message', at('2024-06-01T00:00:00Z'));
  t.ok(
    strictEq(v, {
      hostname: 'plertrood-ThinkPad-X220',
      severity: 'info',
      facility: 'syslog',
      timestamp: ns('2024-01-05T15:33:03Z'),
      protocol: 'RFC3164',
      appname: 'rsyslogd',
      msg: '[software="rsyslogd" swVersion="8.32.0"] message',
    }),
    "the clock's year",
  );
  t.end();
});

t.test('errors: the messages, in order', (t) => {
  const c = epoch();
  t.throws(() => c.encode({}), { message: 'Invalid Syslog Protocol data: facility missing' });
  t.throws(() => c.encode({ facility: 'cron' }), { message: 'Invalid Syslog Protocol data: severity missing' });
  t.throws(() => c.encode({ facility: 'cron', severity: 'info', structured_data: 'sd' }), {
    message: 'Invalid Syslog Protocol data: Invalid structured data: structured data not an object',
  });
  t.end();
});

t.test('rfc3164_examples: decode then encode', (t) => {
  const c = epoch();
  const cases: [string, string][] = [
    ["<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8", "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8"],
    ['Use the BFG!', '<13>Jan  1 00:00:00 - : Use the BFG!'],
    [
      "<165>Aug 24 05:34:00 CST 1987 mymachine myproc[10]: %% It's time to make the do-nuts.  %%  Ingredients: Mix=OK, Jelly=OK # Devices: Mixer=OK, Jelly_Injector=OK, Frier=OK # Transport:Conveyer1=OK, Conveyer2=OK # %%",
      "<165>Aug 24 05:34:00 CST 1987: mymachine myproc[10]: %% It's time to make the do-nuts.  %%  Ingredients: Mix=OK, Jelly=OK # Devices: Mixer=OK, Jelly_Injector=OK, Frier=OK # Transport:Conveyer1=OK, Conveyer2=OK # %%",
    ],
    ["<0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!", "<13>Jan  1 00:00:00 - : <0>1990 Oct 22 10:52:01 TZ-6 scapegoat.dmz.example.org 10.1.2.3 sched[0]: That's All Folks!"],
  ];
  for (const [line, expected] of cases) t.equal(text(c.encode(c.decode(bytes(line)) as Value)), expected, line.slice(0, 30));
  t.end();
});

t.test('rfc5424_examples: decode then encode (times come back in UTC, RFC 3339 style)', (t) => {
  const c = epoch();
  const cases: [string, string][] = [
    [
      "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \ufeff'su root' failed for lonvick on /dev/pts/8",
      "<34>1 2003-10-11T22:14:15.003+00:00 mymachine.example.com su - ID47 - \ufeff'su root' failed for lonvick on /dev/pts/8",
    ],
    ["<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.", "<165>1 2003-08-24T12:14:15.000003+00:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts."],
    [
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \ufeffAn application event log entry...',
      '<165>1 2003-10-11T22:14:15.003+00:00 mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"] \ufeffAn application event log entry...',
    ],
    [
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
      '<165>1 2003-10-11T22:14:15.003+00:00 mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"]',
    ],
  ];
  for (const [line, expected] of cases) t.equal(text(c.encode(c.decode(bytes(line)) as Value)), expected, line.slice(0, 30));
  t.end();
});

// ------------------------------------------------------- syslog_loose's cases, and our own

t.test('RFC 3164 headers', (t) => {
  const c = at('2019-06-01T00:00:00Z');
  const oct11 = ns('2019-10-11T22:14:15Z');
  t.ok(strictEq(decode('<34>Oct 11 22:14:15 : a message', c), { severity: 'crit', facility: 'auth', timestamp: oct11, protocol: 'RFC3164', msg: 'a message' }));
  t.ok(strictEq(decode('<34>OCT 11 22:14:15 mymachine: a message', c), { hostname: 'mymachine', severity: 'crit', facility: 'auth', timestamp: oct11, protocol: 'RFC3164', msg: 'a message' }));
  t.ok(
    strictEq(decode('<34>Oct 11 22:14:15 mymachine app[323]: a message', c), {
      hostname: 'mymachine',
      severity: 'crit',
      facility: 'auth',
      timestamp: oct11,
      protocol: 'RFC3164',
      appname: 'app',
      procid: '323',
      msg: 'a message',
    }),
  );
  t.ok(
    strictEq(decode('<34>2020-10-11T22:14:15.00Z mymachine app[323]: a message', c), {
      hostname: 'mymachine',
      severity: 'crit',
      facility: 'auth',
      timestamp: ns('2020-10-11T22:14:15Z'),
      protocol: 'RFC3164',
      appname: 'app',
      procid: '323',
      msg: 'a message',
    }),
    'an RFC 3339 time',
  );
  t.ok(strictEq(decode('<54> 1970-01-01T00:01:31+00:00 host :', c), { hostname: 'host', severity: 'info', facility: 'lpr', timestamp: 91_000_000_000, protocol: 'RFC3164' }), 'no message at all');
  t.equal(decode('<134>Oct 30 16:05:54 opsaudit  {"username": "admin"}', c).msg, '{"username": "admin"}', 'two spaces after a lone host');
  const apache = decode('<131>Jun 8 11:54:08 master apache_error [Tue Jun 08 11:54:08.929301 2021] [php7:emerg] rest of message', c);
  t.equal(apache.appname, 'apache_error');
  t.equal(apache.msg, '[Tue Jun 08 11:54:08.929301 2021] [php7:emerg] rest of message');
  t.equal(decode('<34>Dec 28 2008 16:49:07 host app: x', c).timestamp, ns('2008-12-28T16:49:07Z'), 'a date with its year');
  t.equal(decode('<34>Dec 31 23:59:59 host app: x', at('2025-01-02T00:00:00Z')).timestamp, ns('2024-12-31T23:59:59Z'), 'December read in January is last year');
  t.ok(strictEq(decode('<13>Oct 11 22:14:15 host app: [a b="c"] text', c).structured_data as Value, { a: [{ b: 'c' }] }), 'well-formed structured data');
  t.end();
});

t.test('RFC 3164 host and tag', (t) => {
  const c = at('2019-06-01T00:00:00Z');
  const head = (line: string) => {
    const { hostname, appname, procid } = decode(line, c);
    return { hostname, appname, procid };
  };
  t.strictSame(head('<13>Oct 11 22:14:15 app[7]: m'), { hostname: undefined, appname: 'app', procid: '7' }, 'a lone app[pid] is the tag');
  t.strictSame(head('<13>Oct 11 22:14:15 - app: m'), { hostname: undefined, appname: 'app', procid: undefined }, 'a nil host');
  t.strictSame(head('<13>Oct 11 22:14:15 host -: m'), { hostname: undefined, appname: undefined, procid: undefined }, 'a nil tag leaves out all three');
  t.strictSame(head('<13>Oct 11 22:14:15 host app[1][2]: m'), { hostname: 'host', appname: 'app[1][2]', procid: undefined });
  t.strictSame(head('<13>Oct 11 22:14:15 host app[0042]: m'), { hostname: 'host', appname: 'app', procid: '42' }, 'a numeric pid is a number, printed');
  t.strictSame(head('<13>Oct 11 22:14:15 host app[main]: m'), { hostname: 'host', appname: 'app', procid: 'main' });
  t.end();
});

t.test('RFC 5424 details', (t) => {
  const c = epoch();
  const v = decode('1 2021-03-18T20:30:00Z host app:x - - [a x="1"  y="2"][b][c d="e\\"f"] hi there ', c);
  t.equal(v.facility, undefined, 'no PRI, no facility');
  t.equal(v.appname, 'app:x', 'an app name may hold a colon');
  t.ok(strictEq(v.structured_data as Value, { a: [{ x: '1' }, { ' y': '2' }], b: [], c: [{ d: 'e\\"f' }] }), 'escapes kept, extra spaces belong to the next name');
  t.equal(v.msg, 'hi there', 'the line is trimmed');
  t.throws(() => c.encode(v), { message: 'Invalid Syslog Protocol data: facility missing' }, 'RFC 5424 needs a facility to encode');
  t.end();
});

t.test('PRI values', (t) => {
  t.strictSame(decode('<200>1 2021-03-18T20:30:00Z - - - - - m'), { severity: 'emerg', timestamp: 1616099400000000000n, protocol: 'RFC5424', protocol_version: 1, msg: 'm' }, 'facility 25 has no name');
  t.strictSame(decode('<256>1 2021-03-18T20:30:00Z - - - - - m'), { protocol: 'RFC3164', msg: '<256>1 2021-03-18T20:30:00Z - - - - - m' }, 'a PRI beyond a byte is no PRI');
  t.end();
});

t.test('lines with no header keep everything, untrimmed', (t) => {
  t.strictSame(decode('  spaced  '), { protocol: 'RFC3164', msg: '  spaced  ' });
  t.strictSame(decode(''), { protocol: 'RFC3164' }, 'an empty message is left out');
  t.strictSame(decode('<13>1 - host app - - - m'), { protocol: 'RFC3164', msg: '<13>1 - host app - - - m' }, 'a nil RFC 5424 timestamp is no header');
  t.strictSame(decode('<13>Feb 30 10:00:00 host app: m'), { protocol: 'RFC3164', msg: '<13>Feb 30 10:00:00 host app: m' }, 'no such day');
  t.equal(decode('<13>1 1000-01-01T00:00:00Z h a - - - m').protocol, 'RFC3164', 'beyond the nanosecond range (Tremor panics)');
  t.throws(() => epoch().decode(new Uint8Array([0x3c, 0x31, 0x33, 0x3e, 0xff])), /Invalid Syslog Protocol data: the input is not valid UTF-8/);
  t.end();
});

t.test('encoding', (t) => {
  const c = epoch();
  const v: Record<string, Value> = { facility: 'daemon', severity: 'err', timestamp: 1616099400123456789n, hostname: 'h', appname: 'a', procid: '9', structured_data: { x: [{ k: 'v' }, { l: 'w' }] }, msg: 'm' };
  t.equal(text(c.encode(v)), '<27>1 2021-03-18T20:30:00.123456789+00:00 h a 9 - [x k="v" l="w"] m', 'no protocol: RFC 5424 version 1');
  t.equal(text(c.encode({ ...v, protocol: 'RFC3164' })), '<27>Mar 18 20:30:00 h a[9]: [x k="v" l="w"] m');
  t.equal(text(c.encode({ protocol: 'RFC3164', appname: 'a', facility: 'user' })), '<13>Jan  1 00:00:00 - a:', 'no severity: PRI 13; no message');
  t.equal(text(at('2024-03-05T06:07:08Z').encode({ protocol: 'RFC3164', msg: 'now' })), '<13>Mar  5 06:07:08 - : now', "the clock's time");
  t.equal(text(c.encode({ facility: 'user', severity: 'info', protocol: 'RFC5424', protocol_version: 2, timestamp: 1.5, hostname: 7 })), '<14>2 - - - - - -', 'fields of the wrong type are nil');
  t.equal(text(c.encode({ facility: 'user', severity: 'info', structured_data: {} })), '<14>1 - - - - - ', 'empty structured data is an empty part, as in Tremor');
  for (const [sd, why] of [
    [{ x: 'y' }, 'params not an array of objects'],
    [{ x: ['y'] }, "param's key value pair not an object"],
    [{ x: [{ k: 1 }] }, "param's key value pair not an object"],
    [null, 'structured data not an object'],
  ] as [Value, string][]) {
    t.throws(() => c.encode({ facility: 'user', severity: 'info', structured_data: sd }), { message: `Invalid Syslog Protocol data: Invalid structured data: ${why}` });
  }
  t.throws(() => c.encode('<13>1 - - - - - -'), { message: 'Invalid Syslog Protocol data: facility missing' }, 'a non-record has no fields');
  t.end();
});
