import t from 'tap';
import { prepareExtractor } from '../../src/std/extractors/index.js';

function grok(rule: string) {
  const p = prepareExtractor('grok', rule);
  if ('error' in p) throw new Error(p.error);
  return (s: string) => p.test(s, undefined);
}
const error = (rule: string) => {
  const p = prepareExtractor('grok', rule);
  return 'error' in p ? p.error : undefined;
};

t.test('aliased patterns', (t) => {
  t.same(grok('%{IP:client} %{WORD:method} %{URIPATHPARAM:request} %{NUMBER:bytes} %{NUMBER:duration}')('55.3.244.1 GET /index.html 15824 0.043'), {
    client: '55.3.244.1',
    method: 'GET',
    request: '/index.html',
    bytes: '15824',
    duration: '0.043',
  });
  t.same(grok('%{USERNAME:username}')('foobar'), { username: 'foobar' });
  t.same(grok('%{USERNAME}')('foobar'), {}, 'unaliased patterns are not captured');
  t.same(grok('%{NUMBER:duration}')('snot 123 badger'), { duration: '123' }, 'matches anywhere');
  t.same(grok('%{IP:ip}')('fe80::1'), { ip: 'fe80::1' });
  t.same(grok('%{TIMESTAMP_ISO8601:ts}')('at 2019-04-01T09:59:19+0010'), { ts: '2019-04-01T09:59:19+0010' });
  t.same(grok('%{QS:q}')('say "hi \\"there\\"" now'), { q: '"hi \\"there\\""' });
  t.same(grok('%{UNIXPATH:p}')('/var/log/x.log'), { p: '/var/log/x.log' });
  t.same(grok('%{X:x=[a-c]+}-%{X:y}')('abc-cab'), { x: 'abc', y: 'cab' }, 'inline definitions');
  t.end();
});

t.test('reused aliases and own named groups', (t) => {
  t.same(grok('%{USERNAME:snot} %{USERNAME:snot}')('foobar badger'), { snot: 'badger', name0: 'foobar' });
  t.same(grok('%{USERNAME:snot} %{USERNAME:name0}')('foobar badger'), { snot: 'foobar', name0: 'badger' });
  const syslog = grok(
    '^<%%{POSINT:syslog_pri}>(?:(?<syslog_version>\\d{1,3}) )?(?:%{SYSLOGTIMESTAMP:syslog_timestamp0}|%{TIMESTAMP_ISO8601:syslog_timestamp1}) %{SYSLOGHOST:syslog_hostname}  ?(?:%{TIMESTAMP_ISO8601:syslog_ingest_timestamp} )?(%{WORD:wf_pod} %{WORD:wf_datacenter} )?%{GREEDYDATA:syslog_message}',
  );
  t.same(syslog('<%1>123 Jul   7 10:51:24 hostname 2019-04-01T09:59:19+0010 pod dc foo bar baz'), {
    syslog_pri: '1',
    syslog_version: '123',
    syslog_timestamp0: 'Jul   7 10:51:24',
    syslog_timestamp1: '',
    syslog_hostname: 'hostname',
    syslog_ingest_timestamp: '2019-04-01T09:59:19+0010',
    wf_pod: 'pod',
    wf_datacenter: 'dc',
    syslog_message: 'foo bar baz',
  });
  const prog = grok('%{SYSLOGPROG:syslog_program}:%{GREEDYDATA:msg}');
  t.same(prog('program_name[1234]: bar'), { syslog_program: 'program_name[1234]', program: 'program_name', pid: '1234', msg: ' bar' });
  t.end();
});

t.test('no match', (t) => {
  t.equal(grok('%{NUMBER:duration}')('snot'), undefined);
  t.equal(grok('{}')('cookie monster'), undefined);
  t.equal(grok('^%{INT:i}$')('12a'), undefined);
  t.end();
});

t.test('bad rules', (t) => {
  t.match(error('%{NOSUCHPATTERN:x}'), /Failed to compile logstash grok pattern/);
  t.match(error('%{WORD:x} (unclosed'), /Failed to compile/);
  t.match(error('%{R:r=%{R}}'), /Failed to compile/);
  t.match(error(''), /Failed to compile/);
  t.end();
});
