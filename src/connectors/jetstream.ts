/**
 * jetstream: publish to and consume from a NATS JetStream stream, with acknowledgements end
 * to end, through the official clients `@nats-io/transport-node` and `@nats-io/jetstream`.
 * The connection (hosts, options, reconnection, breaker) is the nats connector's
 * (nats/link.ts, nats/connect-options.ts). Tremor 0.11 has no JetStream connector: this one
 * is ours.
 *
 * Config (strict, jetstream/config.ts): `hosts` (required), `options` (as nats), `stream`
 * (required), `subjects` (when given the stream is created, or updated, with these subjects
 * and file storage at start), `subject` (what the sink publishes to; needed to use the sink),
 * `consumer` (the durable pull consumer of the source; needed to use the source; created when
 * missing with `filter_subject`, `deliver` ("all" | "new" | {"seq": n} | {"time": "RFC3339"}),
 * explicit acks, `max_ack_pending` (1000) and `ack_wait_ms` (30000)), `nak_delay_ms` (1000).
 * The codec defaults to json.
 *
 * Sink (jetstream/publisher.ts): an event is acked once the server stored it (PubAck), failed
 * otherwise; `$jetstream.msg_id` is the message id (deduplication).
 * Source (jetstream/consumer.ts): transactional events with `$jetstream = {stream, subject,
 * seq, consumer_seq, redelivered, redelivery_count, headers}`; the sinks' acks ack the
 * message, their fails nak it (redelivered after `nak_delay_ms`, doubling per redelivery up to
 * 30 s); a message that does not decode goes to `err` and is acked.
 *
 * Keyed partitions (`partitions = N`): the sink publishes an event with `$jetstream.key` to
 * `<subject>.<p>`; the source reads partition p from `<subject>.<p>` through the durable
 * consumer `<consumer>_<p>`, only while this process holds its lease in the KV bucket
 * `lease_bucket` (jetstream/leases.ts, jetstream/consumer.ts), `lease_ms` long.
 *
 * ```tremor
 * define connector orders from jetstream
 * with
 *   codec = "json",
 *   config = {
 *     "hosts": ["127.0.0.1:4222"],
 *     "stream": "ORDERS",
 *     "subjects": ["orders.>"],
 *     "subject": "orders.new",
 *     "consumer": "tremor",
 *     "deliver": "all",
 *     "max_ack_pending": 500
 *   },
 *   reconnect = {"retry": {"interval_ms": 500, "max_retries": 20}}
 * end;
 * ```
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { lazyModule } from '../base/lazy-module.js';
import type { ConnectorContext, ConnectorInstance, ConnectorType } from './connector.js';
import { reconnectOf } from './net/backoff.js';
import { hostString } from './net/host-port.js';
import { connectOptions } from './nats/connect-options.js';
import { NatsLink } from './nats/link.js';
import { JETSTREAM_CONFIG, leaseBucket, validate, type JetStreamConfig } from './jetstream/config.js';
import { JsConsumer, type ConsumerLink } from './jetstream/consumer.js';
import type { LeaseStore } from './jetstream/leases.js';
import { JsPublisher } from './jetstream/publisher.js';

const nats = lazyModule<typeof import('@nats-io/transport-node')>('@nats-io/transport-node');
const js = lazyModule<typeof import('@nats-io/jetstream')>('@nats-io/jetstream');
const kvModule = lazyModule<typeof import('@nats-io/kv')>('@nats-io/kv');

/** the stream (when `subjects` are given) and the durable consumer (when missing) */
async function provision(nc: NatsConnection, c: JetStreamConfig, source: boolean): Promise<void> {
  const mod = js();
  const jsm = await mod.jetstreamManager(nc);
  if (c.subjects) {
    const exists = await jsm.streams.info(c.stream).then(
      () => true,
      (e: unknown) => (e instanceof mod.JetStreamApiError && e.status === 404 ? false : Promise.reject(e)),
    );
    if (exists) await jsm.streams.update(c.stream, { subjects: c.subjects });
    else await jsm.streams.add({ name: c.stream, subjects: c.subjects, storage: mod.StorageType.File });
  }
  if (!source || c.consumer === undefined || c.partitions > 0) return;
  await durable(jsm, c, c.consumer, c.filter_subject);
}

/** the durable consumer `name` (created when missing, with the configured settings) */
async function durable(jsm: JetStreamManager, c: JetStreamConfig, name: string, filter: string | undefined): Promise<void> {
  const mod = js();
  const have = await jsm.consumers.info(c.stream, name).then(
    () => true,
    (e: unknown) => (e instanceof mod.JetStreamApiError && e.status === 404 ? false : Promise.reject(e)),
  );
  if (have) return;
  const d = c.deliver;
  await jsm.consumers.add(c.stream, {
    durable_name: name,
    ack_policy: mod.AckPolicy.Explicit,
    max_ack_pending: c.max_ack_pending,
    ack_wait: c.ack_wait_ms * 1_000_000,
    ...(filter === undefined ? {} : { filter_subject: filter }),
    ...(d.kind === 'all'
      ? { deliver_policy: mod.DeliverPolicy.All }
      : d.kind === 'new'
        ? { deliver_policy: mod.DeliverPolicy.New }
        : d.kind === 'seq'
          ? { deliver_policy: mod.DeliverPolicy.StartSequence, opt_start_seq: d.seq }
          : { deliver_policy: mod.DeliverPolicy.StartTime, opt_start_time: new Date(d.time).toISOString() }),
  });
}

/** the lease bucket (created when missing: one entry per key, living `lease_ms`) */
async function leaseStore(nc: NatsConnection, c: JetStreamConfig): Promise<LeaseStore> {
  const kv = await new (kvModule().Kvm)(nc).create(leaseBucket(c), { ttl: c.lease_ms, history: 1 });
  return {
    create: (k, v) => kv.create(k, v),
    update: (k, v, revision) => kv.update(k, v, revision),
    put: (k, v) => kv.put(k, v),
    delete: (k) => kv.delete(k),
    keys: async (prefix) => {
      const out: string[] = [];
      for await (const k of await kv.keys(`${prefix}>`)) out.push(k);
      return out;
    },
  };
}

/** this process among a partitioned source's lease holders: host, pid and a random part */
function ownerName(): string {
  return `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`.replace(/[^-\w]/g, '_');
}

function create(ctx: ConnectorContext, config: JetStreamConfig): ConnectorInstance {
  const c: ConnectorContext = ctx.codec ? ctx : { ...ctx, codec: { name: 'json', config: null } };
  const reconnect = reconnectOf(ctx, 'jetstream', { kind: 'none' });
  const [first] = config.hosts;
  const clients = new WeakMap<NatsConnection, JetStreamClient>();
  const client = (nc: NatsConnection): JetStreamClient => {
    let j = clients.get(nc);
    if (!j) clients.set(nc, (j = js().jetstream(nc)));
    return j;
  };
  const consumer: JsConsumer = new JsConsumer(c, {
    stream: config.stream,
    consumer: config.consumer ?? '',
    partitions: config.partitions,
    leaseMs: config.lease_ms,
    owner: ownerName(),
    nakDelayMs: config.nak_delay_ms,
    ackWaitMs: config.ack_wait_ms,
    statusIntervalMs: config.status_interval_ms,
    // a pull asks for what may be pending unacked: the round trip of a pull is then paid once
    // per max_ack_pending messages, not once per highWaterMark (the flow still pauses the loop)
    window: Math.max(1, Math.min(config.max_ack_pending, 4096)),
    host: first.host,
    port: first.port,
    done: () => void link.release('source'),
    destroyed: () => link.abort(),
  });
  const reading = () => consumer.wanted && config.consumer !== undefined;
  const link: NatsLink = new NatsLink(c, {
    target: config.hosts.map((h) => `${hostString(h.host)}:${h.port}`).join(', '),
    reconnect,
    nats,
    options: () => connectOptions(nats(), config.hosts, config.options, reconnect),
    opened: async (nc) => {
      await provision(nc, config, reading());
      if (!reading()) return;
      const on: ConsumerLink = {
        js: client(nc),
        provision: async (p) => durable(await js().jetstreamManager(nc), config, `${config.consumer}_${p}`, `${config.subject}.${p}`),
        leases: () => leaseStore(nc, config),
      };
      await consumer.attach(on);
    },
    failed: (e) => {
      const r = consumer.wanted;
      publisher.destroy(r ? undefined : e);
      consumer.source.destroy(r ? e : undefined);
    },
  });
  const publisher: JsPublisher = new JsPublisher(c, { subject: config.subject ?? null, partitions: config.partitions, link, client });
  let listening: Promise<void> | null = null;
  const listen = () =>
    (listening ??= (async () => {
      if (!reading()) consumer.stop();
      await link.start();
    })());
  return {
    source: consumer.source,
    sink: publisher,
    listen,
    start: async () => {
      try {
        await listen();
      } finally {
        publisher.open();
      }
    },
    stop: async () => consumer.stop(),
  };
}

export const jetstreamConnector: ConnectorType<JetStreamConfig> = {
  name: 'jetstream',
  summary: 'publishes to and consumes from a NATS JetStream stream (acked end to end)',
  codec: 'optional',
  config: JETSTREAM_CONFIG,
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate,
  create,
};
