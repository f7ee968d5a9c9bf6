/**
 * DNS answers as Tremor's dns_client gives them: one record `{"<TYPE>": text, "ttl": s}` per
 * answer, the text being trust-dns's display form — names fully qualified with a trailing dot,
 * MX `"<preference> <exchange>"`, SRV `"<priority> <weight> <port> <target>"`, SOA
 * `"<mname> <rname> <serial> <refresh> <retry> <expire> <minimum>"`, TXT the strings joined.
 * Node's resolver (c-ares) gives TTLs only for A and AAAA; other records have no `ttl`.
 */
import type { AnyRecord, CaaRecord, MxRecord, NaptrRecord, SoaRecord, SrvRecord } from 'node:dns';
import type { Resolver } from 'node:dns/promises';
import type { Rec } from '../runtime/value.js';

const fqdn = (n: string): string => (n.endsWith('.') ? n : `${n}.`);

const mx = (r: MxRecord) => `${r.priority} ${fqdn(r.exchange)}`;
const srv = (r: SrvRecord) => `${r.priority} ${r.weight} ${r.port} ${fqdn(r.name)}`;
const soa = (r: SoaRecord) => `${fqdn(r.nsname)} ${fqdn(r.hostmaster)} ${r.serial} ${r.refresh} ${r.retry} ${r.expire} ${r.minttl}`;
const naptr = (r: NaptrRecord) => `${r.order} ${r.preference} "${r.flags}" "${r.service}" "${r.regexp}" ${fqdn(r.replacement || '.')}`;
const caa = (r: CaaRecord) => {
  const [tag, value] = Object.entries(r).find(([k]) => k !== 'critical') ?? ['', ''];
  return `${r.critical} ${tag} "${value}"`;
};

/** the records of `name` (addresses when `type` is null: A, else AAAA) */
export async function lookupRecords(resolver: Resolver, name: string, type: string | null): Promise<Rec[]> {
  switch (type) {
    case null:
      try {
        return await addresses(resolver, name, 'A');
      } catch (e) {
        // Tremor's lookup_ip: IPv4 first, then IPv6
        const aaaa = await addresses(resolver, name, 'AAAA').catch(() => null);
        if (aaaa && aaaa.length > 0) return aaaa;
        throw e;
      }
    case 'A':
    case 'AAAA':
      return addresses(resolver, name, type);
    case 'CNAME':
      return (await resolver.resolveCname(name)).map((n) => ({ CNAME: fqdn(n) }));
    case 'NS':
      return (await resolver.resolveNs(name)).map((n) => ({ NS: fqdn(n) }));
    case 'PTR':
      return (await resolver.resolvePtr(name)).map((n) => ({ PTR: fqdn(n) }));
    case 'MX':
      return (await resolver.resolveMx(name)).map((r) => ({ MX: mx(r) }));
    case 'TXT':
      return (await resolver.resolveTxt(name)).map((chunks) => ({ TXT: chunks.join('') }));
    case 'SRV':
      return (await resolver.resolveSrv(name)).map((r) => ({ SRV: srv(r) }));
    case 'SOA':
      return [{ SOA: soa(await resolver.resolveSoa(name)) }];
    case 'NAPTR':
      return (await resolver.resolveNaptr(name)).map((r) => ({ NAPTR: naptr(r) }));
    case 'CAA':
      return (await resolver.resolveCaa(name)).map((r) => ({ CAA: caa(r) }));
    case 'ANY':
      return (await resolver.resolveAny(name)).map(anyRecord);
    default:
      throw new Error(`record type ${type} is not supported by this resolver`);
  }
}

async function addresses(resolver: Resolver, name: string, type: 'A' | 'AAAA'): Promise<Rec[]> {
  const rs = type === 'A' ? await resolver.resolve4(name, { ttl: true }) : await resolver.resolve6(name, { ttl: true });
  return rs.map((r) => ({ [type]: r.address, ttl: r.ttl }));
}

function anyRecord(r: AnyRecord): Rec {
  switch (r.type) {
    case 'A':
    case 'AAAA':
      return { [r.type]: r.address, ttl: r.ttl };
    case 'CNAME':
    case 'NS':
    case 'PTR':
      return { [r.type]: fqdn(r.value) };
    case 'MX':
      return { MX: mx(r) };
    case 'TXT':
      return { TXT: r.entries.join('') };
    case 'SRV':
      return { SRV: srv(r) };
    case 'SOA':
      return { SOA: soa(r) };
    case 'NAPTR':
      return { NAPTR: naptr(r) };
    case 'CAA':
      return { CAA: caa(r) };
    default:
      return { [(r as { type: string }).type]: null };
  }
}
