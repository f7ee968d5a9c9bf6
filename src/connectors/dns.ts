/**
 * dns_client (alias `dns`): DNS lookups driven by events.
 *
 * Config (none in Tremor, which uses the system's resolver configuration):
 *   servers   ours, optional: the name servers to ask, `"ip"` or `"ip:port"` (default: the
 *             system's, from /etc/resolv.conf)
 *
 * Structured (no codec). Each event reaching the sink is one lookup, read from its metadata:
 * `$dns.lookup` is a name (`"tremor.rs"`: its addresses, A records else AAAA, as Tremor's
 * `lookup_ip`) or `{"name": "tremor.rs", "type": "MX"}`. The answer goes to `out`: an array
 * of records `{"<TYPE>": "<data as text>", "ttl": s}` in Tremor's text forms
 * (`{"A": "1.2.3.4", "ttl": 300}`, `{"MX": "10 mail.tremor.rs."}`, names end with a dot);
 * metadata `{"correlation": …}` when the request had `$correlation`. A failed lookup goes to
 * `err` as `{"request": $dns, "error": "<message>"}` with the same metadata; a request without
 * `$dns.lookup` is reported and dropped (Tremor: `Invalid DNS request`).
 *
 * ```tremor
 * define connector dns from dns_client;
 * # select event from in into out with $dns = {"lookup": {"name": event, "type": "A"}} …
 * ```
 *
 * The resolver is Node's (c-ares): it reports TTLs only for A and AAAA records, so the other
 * types' records carry no `ttl` (Tremor's always do). Types c-ares cannot ask for (ANAME,
 * AXFR, HINFO, HTTPS, …) are failed lookups on `err`.
 */
import os from 'node:os';
import { Resolver } from 'node:dns/promises';
import { messageOf } from '../base/message-of.js';
import { newEvent, type Event } from '../runtime/event.js';
import type { Origin } from '../runtime/origin.js';
import { array, ConfigError, schema, str } from '../runtime/schema.js';
import { clone, hasKey, isRecord, type Rec, type Value } from '../runtime/value.js';
import { EventSink, Undeliverable } from './base/sink.js';
import { owner } from './config-fields.js';
import type { ConnectorContext, ConnectorType, PortEvent } from './connector.js';
import { ReplySource } from './http-common.js';
import { lookupRecords } from './dns-records.js';

export interface DnsConfig {
  servers: string[] | null;
}

/** Tremor's `str_to_record_type`: every type it names, whether or not it can be asked here */
export const RECORD_TYPES = [
  'A',
  'AAAA',
  'ANAME',
  'ANY',
  'AXFR',
  'CAA',
  'CNAME',
  'HINFO',
  'HTTPS',
  'IXFR',
  'MX',
  'NAPTR',
  'NS',
  'NULL',
  'OPENPGPKEY',
  'OPT',
  'PTR',
  'SOA',
  'SRV',
  'SSHFP',
  'SVCB',
  'TLSA',
  'TXT',
  'ZERO',
] as const;

/** the name and type of a request's `$dns.lookup`; throws Tremor's messages */
export function readLookup(meta: Rec): { name: string; type: string | null } {
  const dns = meta.dns;
  const lookup = isRecord(dns) ? dns.lookup : undefined;
  if (lookup === undefined) throw new Undeliverable('Invalid DNS request');
  const name = typeof lookup === 'string' ? lookup : isRecord(lookup) && typeof lookup.name === 'string' ? lookup.name : null;
  if (name === null) throw new Undeliverable('Invalid DNS request: Metadata `$dns.lookup` missing');
  const type = isRecord(lookup) && typeof lookup.type === 'string' ? lookup.type : null;
  if (type !== null && !(RECORD_TYPES as readonly string[]).includes(type)) throw new Undeliverable(`Invalid or unsupported record type: ${type}`);
  return { name, type };
}

class DnsSink extends EventSink {
  private nextId = 0;
  private readonly origin: Origin = { scheme: 'tremor-dns', host: os.hostname(), port: null, path: [] };
  /** lookups under way (for the flow's quiet check) */
  pending = 0;

  constructor(
    ctx: ConnectorContext,
    private readonly resolver: Resolver,
    readonly replies: ReplySource,
  ) {
    super(ctx);
  }

  protected deliver({ event }: PortEvent): Promise<void> {
    const { name, type } = readLookup(event.meta);
    this.pending++;
    return lookupRecords(this.resolver, name, type)
      .then(
        (records) => this.reply('out', records, event),
        (e: unknown) => {
          const data: Value = { request: clone(event.meta.dns ?? null), error: messageOf(e) };
          return this.reply('err', data, event);
        },
      )
      .finally(() => this.pending--);
  }

  protected override flush(): Promise<void> {
    this.replies.finish();
    return Promise.resolve();
  }

  protected override release(): void {
    this.resolver.cancel();
  }

  /** hands a reply on when someone reads them (else a failure is reported) */
  private reply(port: 'out' | 'err', data: Value, req: Event): Promise<void> {
    if (!this.replies.reading) {
      if (port === 'err') this.ctx.report(`${this.ctx.id} DNS Error: ${(data as Rec).error}`);
      return Promise.resolve();
    }
    const meta: Rec = {};
    if (hasKey(req.meta, 'correlation')) meta.correlation = clone(req.meta.correlation);
    return this.replies.send({ port, event: newEvent(data, this.ctx.clock.wallNs(), this.nextId++, meta, this.origin) });
  }
}

const CONFIG = schema({
  servers: array(str(), { doc: 'ours: the name servers to ask (`"ip"` or `"ip:port"`); default: the system\'s', tremor: "none (the system's)" }),
});

/** reads the config of a `type` connector (messages name the type the user wrote) */
const validate =
  (type: string) =>
  (config: Value): DnsConfig => {
    const c = CONFIG.read(owner(type), config) as { servers?: string[] };
    if (c.servers) {
      try {
        new Resolver().setServers(c.servers);
      } catch (e) {
        throw new ConfigError(`\`servers\` must be name server addresses ("ip" or "ip:port"): ${messageOf(e)}`, 'invalid', 'servers');
      }
    }
    return { servers: c.servers ?? null };
  };

function create(ctx: ConnectorContext, config: DnsConfig) {
  const resolver = new Resolver();
  if (config.servers) resolver.setServers(config.servers);
  const replies = new ReplySource(ctx.highWaterMark);
  const sink = new DnsSink(ctx, resolver, replies);
  return {
    source: replies,
    sink,
    // replies end once the sink has ended (every lookup answered)
    stop: async () => {},
    replies: true,
    idle: () => sink.pending === 0,
  };
}

const base = {
  summary: 'DNS lookups: `$dns.lookup` in, the records on `out`',
  codec: 'none' as const,
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  create,
};

export const dnsClient: ConnectorType<DnsConfig> = { name: 'dns_client', validate: validate('dns_client'), ...base };
/** the name Tremor's documentation uses */
export const dns: ConnectorType<DnsConfig> = { name: 'dns', validate: validate('dns'), ...base };
