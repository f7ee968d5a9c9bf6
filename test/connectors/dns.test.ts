/**
 * dns_client against a tiny DNS responder on loopback (dns-packet over UDP): lookups by name
 * and by type, correlation, failures on `err`, bad requests reported, strict config.
 */
import dgram from 'node:dgram';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import t, { type Test } from 'tap';
import * as packet from 'dns-packet';
import { dns, dnsClient, readLookup } from '../../src/connectors/dns.js';
import { ConfigError, type ConnectorInstance, type PortEvent } from '../../src/connectors/connector.js';
import { connectorTypes } from '../../src/connectors/registry.js';
import { newEvent } from '../../src/runtime/event.js';
import type { Rec, Value } from '../../src/runtime/value.js';
import { fakeContext } from './fake-context.js';
import { collect, until } from './wait.js';

type Answer = packet.Answer;

/** answers from a fixed zone; unknown names get NXDOMAIN */
const ZONE: Record<string, Answer[]> = {
  'tremor.test': [
    { type: 'A', name: 'tremor.test', ttl: 300, data: '10.1.2.3' },
    { type: 'MX', name: 'tremor.test', ttl: 60, data: { preference: 10, exchange: 'mail.tremor.test' } },
    { type: 'TXT', name: 'tremor.test', ttl: 60, data: ['hello ', 'world'] },
  ],
  'v6.tremor.test': [{ type: 'AAAA', name: 'v6.tremor.test', ttl: 120, data: '::1' }],
  'alias.tremor.test': [{ type: 'CNAME', name: 'alias.tremor.test', ttl: 30, data: 'tremor.test' }],
};

async function responder(): Promise<{ server: string; close: () => Promise<void>; queries: string[] }> {
  const sock = dgram.createSocket('udp4');
  const queries: string[] = [];
  sock.on('message', (msg, rinfo) => {
    const q = packet.decode(msg);
    const question = q.questions![0];
    queries.push(`${question.type} ${question.name}`);
    const records = ZONE[question.name.toLowerCase()];
    const answers = (records ?? []).filter((a) => a.type === question.type);
    const reply = packet.encode({
      id: q.id,
      type: 'response',
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (records ? 0 : 3), // rcode 3: NXDOMAIN
      questions: q.questions,
      answers,
    });
    sock.send(reply, rinfo.port, rinfo.address);
  });
  sock.bind(0, '127.0.0.1');
  await once(sock, 'listening');
  const { port } = sock.address();
  return { server: `127.0.0.1:${port}`, queries, close: () => new Promise((r) => sock.close(() => r())) };
}

async function client(t: Test, server: string) {
  const ctx = fakeContext({ codec: null });
  const inst = dnsClient.create(ctx, dnsClient.validate({ servers: [server] })) as Required<Pick<ConnectorInstance, 'source' | 'sink'>> & ConnectorInstance;
  const got = collect(inst.source);
  const ask = async (meta: Rec): Promise<PortEvent> => {
    const before = got.length;
    inst.sink.write({ port: 'in', event: newEvent(null, 0n, 0, meta) });
    await until(t, 'a reply', () => got.length > before);
    return got[before];
  };
  return { ctx, inst, got, ask };
}

t.test('lookups by name and by type, with correlation', async (t) => {
  const r = await responder();
  t.teardown(r.close);
  const { inst, ask } = await client(t, r.server);

  const a = await ask({ dns: { lookup: 'tremor.test' }, correlation: 7 });
  t.equal(a.port, 'out');
  t.same(a.event.data, [{ A: '10.1.2.3', ttl: 300 }], 'a name alone: its addresses with their TTL');
  t.same(a.event.meta, { correlation: 7 });
  t.equal(a.event.origin?.scheme, 'tremor-dns');

  const mx = await ask({ dns: { lookup: { name: 'tremor.test', type: 'MX' } } });
  t.same(mx.event.data, [{ MX: '10 mail.tremor.test.' }], 'MX in trust-dns form, names fully qualified');
  t.same(mx.event.meta, {}, 'no correlation, empty metadata');

  const txt = await ask({ dns: { lookup: { name: 'tremor.test', type: 'TXT' } } });
  t.same(txt.event.data, [{ TXT: 'hello world' }], 'TXT strings joined');

  const cname = await ask({ dns: { lookup: { name: 'alias.tremor.test', type: 'CNAME' } } });
  t.same(cname.event.data, [{ CNAME: 'tremor.test.' }]);

  const v6 = await ask({ dns: { lookup: 'v6.tremor.test' } });
  t.same(v6.event.data, [{ AAAA: '::1', ttl: 120 }], 'no A record: the AAAA ones (lookup_ip)');

  inst.sink.end();
  await finished(inst.source);
  t.ok(r.queries.includes('MX tremor.test'), 'the responder was asked');
});

t.test('a failed lookup goes to err with the request', async (t) => {
  const r = await responder();
  t.teardown(r.close);
  const { inst, ask } = await client(t, r.server);
  const e = await ask({ dns: { lookup: { name: 'missing.tremor.test', type: 'A' } }, correlation: 'c1' });
  t.equal(e.port, 'err');
  const data = e.event.data as Rec;
  t.same(data.request, { lookup: { name: 'missing.tremor.test', type: 'A' } });
  t.match(data.error as string, /ENOTFOUND|not found/i);
  t.same(e.event.meta, { correlation: 'c1' });
  inst.sink.end();
});

t.test('a request without $dns.lookup is reported and dropped; the next one is answered', async (t) => {
  const r = await responder();
  t.teardown(r.close);
  const { ctx, inst, got, ask } = await client(t, r.server);
  inst.sink.write({ port: 'in', event: newEvent(null, 0n, 0, {}) });
  const ok = await ask({ dns: { lookup: 'tremor.test' } });
  t.equal(ok.port, 'out');
  t.equal(got.length, 1, 'nothing was emitted for the bad request');
  t.same(ctx.reports, ['main::test: Invalid DNS request']);
  inst.sink.end();
});

t.test('request parsing follows Tremor', async (t) => {
  t.same(readLookup({ dns: { lookup: 'a.b' } }), { name: 'a.b', type: null });
  t.same(readLookup({ dns: { lookup: { name: 'a.b', type: 'SRV' } } }), { name: 'a.b', type: 'SRV' });
  t.throws(() => readLookup({ dns: { lookup: { type: 'A' } } }), /Metadata `\$dns.lookup` missing/);
  t.throws(() => readLookup({ dns: { lookup: { name: 'x', type: 'BOGUS' } } }), /Invalid or unsupported record type: BOGUS/);
});

t.test('configuration: none needed, `servers` checked, unknown keys rejected; both names registered', async (t) => {
  t.same(dnsClient.validate(null), { servers: null });
  t.throws(() => dnsClient.validate({ servers: ['not an address'] }), ConfigError);
  t.throws(() => dnsClient.validate({ server: ['127.0.0.1'] } as Value), /server/);
  t.equal(connectorTypes.get('dns_client'), dnsClient);
  t.equal(connectorTypes.get('dns'), dns);
  t.same(dnsClient.outputs(null as never), ['out', 'err']);
  t.same(dnsClient.inputs(null as never), ['in']);
});
