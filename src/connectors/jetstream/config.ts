/**
 * The configuration of the jetstream connector (strict: unknown keys are rejected). The
 * connection keys (`hosts`, `options`) are the nats connector's (nats/connect-options.ts).
 */
import { array, ConfigError, field, int, schema, type Config } from '../../runtime/schema.js';
import type { Value } from '../../runtime/value.js';
import { isRecord } from '../../runtime/value.js';
import { invalid, optional, owner } from '../config-fields.js';
import { hostPort, type HostPort } from '../net/host-port.js';
import { checkOptions, natsOptions } from '../nats/connect-options.js';

/** where a new durable consumer starts */
export type Deliver = { kind: 'all' } | { kind: 'new' } | { kind: 'seq'; seq: number } | { kind: 'time'; time: string };

/** dot-separated tokens, none empty, no white space */
const SUBJECT = /^[^\s.]+(\.[^\s.]+)*$/;
const subject = (v: Value, where: string): string => (typeof v === 'string' && SUBJECT.test(v) ? v : invalid(where, 'a NATS subject (dot-separated tokens, no spaces)', v));
/** stream and consumer names: no white space, `.`, `*`, `>`, path separators */
const name = (v: Value, where: string): string => (typeof v === 'string' && /^[^\s.*>/\\]+$/.test(v) ? v : invalid(where, 'a name without spaces, `.`, `*`, `>`, `/` or `\\`', v));
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

function deliver(v: Value, where: string): Deliver {
  if (v === 'all' || v === 'new') return { kind: v };
  if (isRecord(v) && Object.keys(v).length === 1) {
    if (typeof v.seq === 'number' && Number.isInteger(v.seq) && v.seq >= 1) return { kind: 'seq', seq: v.seq };
    if (typeof v.time === 'string' && RFC3339.test(v.time) && !Number.isNaN(Date.parse(v.time))) return { kind: 'time', time: v.time };
  }
  return invalid(where, '"all", "new", {"seq": n ≥ 1} or {"time": "RFC 3339 date-time"}', v);
}

const CONFIG = schema({
  hosts: field(
    '["host:port"]',
    (v, where): HostPort[] => {
      const hosts = array(hostPort({ defaultPort: 4222, nonZero: true })).read(v, where);
      return hosts.length ? hosts : invalid(where, 'a non-empty array of "host:port" strings', v);
    },
    { required: true, doc: 'the servers, ["host:port", …] (port 4222 when left out)' },
  ),
  options: natsOptions,
  stream: field('string', name, { required: true, doc: 'the JetStream stream' }),
  subjects: optional(
    field(
      '[string]',
      (v, where) => {
        const s = array(field('string', subject)).read(v, where);
        return s.length ? s : invalid(where, 'a non-empty array of subjects', v);
      },
      { doc: 'create (or update) the stream with these subjects at start (file storage)' },
    ),
  ),
  subject: optional(field('string', subject, { doc: 'the sink publishes to this subject (needed to use the sink)' })),
  consumer: optional(field('string', name, { doc: 'the durable pull consumer the source reads (needed to use the source; created when missing)' })),
  filter_subject: optional(field('string', subject, { doc: "the new consumer's filter subject" })),
  deliver: field('"all" | "new" | {"seq": n} | {"time": "RFC3339"}', deliver, { default: { kind: 'all' } as Deliver, doc: 'where a new consumer starts' }),
  max_ack_pending: int({ min: 1, max: 1 << 30, default: 1000, doc: 'messages delivered and not yet acked, at most' }),
  ack_wait_ms: int({ min: 1, max: 1 << 30, default: 30000, doc: 'a message not acked within this time is delivered again' }),
  nak_delay_ms: int({ min: 0, max: 1 << 30, default: 1000, doc: 'the redelivery delay of a failed message, doubling per redelivery up to 30 s' }),
  partitions: int({
    min: 0,
    max: 1 << 16,
    default: 0,
    doc: "keyed partitions (0: none): the sink publishes an event with `$jetstream.key` to `<subject>.<p>`, p its key's partition among this many; the source reads the partitions whose lease this process holds, each through the durable consumer `<consumer>_<p>`",
  }),
  lease_ms: int({ min: 300, max: 1 << 30, default: 10000, doc: "a partition's lease lasts this long unrenewed (renewed every third): a dead owner's partitions are taken over within 4/3 of it" }),
  lease_bucket: optional(
    field('string', (v, where) => (typeof v === 'string' && /^[-\w]+$/.test(v) ? v : invalid(where, 'a bucket name (letters, digits, `-`, `_`)', v)), {
      doc: 'the JetStream KV bucket of the partition leases (default: `<stream>_<consumer>_leases`)',
    }),
  ),
  status_interval_ms: int({ min: 0, max: 1 << 30, default: 0, doc: "every this many ms, report the consumer's lag, unacked and redelivered messages (0: never)" }),
});

export type JetStreamConfig = Config<typeof CONFIG.fields>;

export { CONFIG as JETSTREAM_CONFIG };

export function validate(config: Value): JetStreamConfig {
  const c = CONFIG.read(owner('jetstream'), config);
  try {
    checkOptions(c.options);
    if (c.partitions > 0 && c.consumer !== undefined) {
      if (c.subject === undefined) throw new ConfigError('`partitions` with a `consumer` needs `subject`: partition p is read from `<subject>.<p>`', 'invalid', 'subject');
      if (c.filter_subject !== undefined) throw new ConfigError('`filter_subject` cannot be used with `partitions`: partition p is read from `<subject>.<p>`', 'invalid', 'filter_subject');
    }
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`Invalid configuration for ${owner('jetstream')}: ${e.message}`, e.kind, e.key);
    throw e;
  }
  return c;
}

/** the KV bucket of a partitioned source's leases */
export function leaseBucket(c: JetStreamConfig): string {
  return c.lease_bucket ?? `${c.stream}_${c.consumer ?? ''}_leases`.replace(/[^-\w]/g, '_');
}

/** the nak delay of a message delivered `count` times before: doubling from `base`, at most 30 s */
export function nakDelay(base: number, count: number): number {
  return Math.min(base * 2 ** Math.min(Math.max(count - 1, 0), 20), Math.max(base, 30_000));
}
