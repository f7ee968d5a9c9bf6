/**
 * nats: publish and subscribe on a NATS server (core NATS; JetStream comes later), Tremor
 * 0.11's nats onramp and offramp as one connector with a source and a sink part sharing one
 * connection (nats/link.ts), through the official client `@nats-io/transport-node`.
 *
 * Config (strict): `hosts` (required, ["host:port", …]; port 4222 when left out; the client
 * picks among them and moves on when one fails), `subject` (required: what the source
 * subscribes to, wildcards `*` and `>` allowed, and what the sink publishes to), `queue` (the
 * source joins this queue group: the group's subscribers share the messages), `reply` (the
 * reply subject of published messages), `headers` ({"Name": ["v1", …]}, on every published
 * message), `options` (nats/connect-options.ts: token, username + password, credentials_path,
 * cert_path + key_path, name, echo, max_reconnects, reconnect_buffer_size, tls, root_cert).
 * The codec defaults to json.
 *
 * Source (nats/subscriber.ts): each message is decoded (preprocessors, codec) into events
 * with `$nats = {"subject": …, "reply": … (when set), "headers": {"Name": ["v1", …]} (when
 * present)}` and the origin `tremor-nats://<first host>:<port>/<subject>`; bad input goes to
 * `err` with its data. Only a source something reads subscribes. Stopping drains the
 * subscription: what already arrived is still pushed.
 *
 * Sink (nats/publisher.ts): each event is encoded and published to `subject`, with the reply
 * `$nats.reply` (else `reply`) and the headers `headers` + `$nats.headers`. The event is acked
 * once the client took it (core NATS has no server acknowledgement), failed (and reported)
 * when the client refuses it. While the connection is down the breaker is open (the sources
 * feeding the sink pause) and the sink waits; the client reconnects by itself, then the
 * connector's `with reconnect` strategy takes over (nats/link.ts). Without a strategy a server
 * that cannot be reached at start fails the start, as tcp_client's does.
 *
 * ```tremor
 * define connector events from nats
 * with
 *   codec = "json",
 *   config = {
 *     "hosts": ["127.0.0.1:4222"],
 *     "subject": "events.>",
 *     "queue": "workers",
 *     "headers": {"x-source": ["tremor"]},
 *     "options": {"name": "tremor-events", "max_reconnects": 10}
 *   },
 *   reconnect = {"retry": {"interval_ms": 500, "max_retries": 20}}
 * end;
 * ```
 *
 * Differences from Tremor 0.11: `$nats.subject` is ours (the subject a wildcard matched);
 * `echo` means what it says (Tremor's code turned echo *off* when it was true) and its default
 * false keeps the connector from reading back its own publications; TLS options imply TLS;
 * half-given credential pairs are configuration errors; `reconnect_buffer_size` bounds the
 * bytes between two round trips instead of a disconnected buffer (the Node client drops what
 * is published while disconnected, so the sink waits instead). See nats/connect-options.ts.
 */
import { lazyModule } from '../base/lazy-module.js';
import { array, ConfigError, field, mapOf, schema, str } from '../runtime/schema.js';
import type { Value } from '../runtime/value.js';
import type { ConnectorContext, ConnectorInstance, ConnectorType } from './connector.js';
import { invalid, optional, owner } from './config-fields.js';
import { reconnectOf } from './net/backoff.js';
import { hostPort, hostString, type HostPort } from './net/host-port.js';
import { checkOptions, connectOptions, DEFAULT_RECONNECT_BUFFER_SIZE, natsOptions, type NatsOptions } from './nats/connect-options.js';
import { NatsLink } from './nats/link.js';
import { Publisher } from './nats/publisher.js';
import { Subscriber } from './nats/subscriber.js';

const nats = lazyModule<typeof import('@nats-io/transport-node')>('@nats-io/transport-node');

export interface NatsConfig {
  hosts: HostPort[];
  subject: string;
  queue: string | null;
  reply: string | null;
  headers: Record<string, string[]>;
  options: NatsOptions | undefined;
}

/** dot-separated tokens, none empty, no white space */
const SUBJECT = /^[^\s.]+(\.[^\s.]+)*$/;

const subject = (v: Value, where: string): string => (typeof v === 'string' && SUBJECT.test(v) ? v : invalid(where, 'a NATS subject (dot-separated tokens, no spaces)', v));

const hostsField = field(
  '["host:port"]',
  (v, where): HostPort[] => {
    const hosts = array(hostPort({ defaultPort: 4222, nonZero: true })).read(v, where);
    return hosts.length ? hosts : invalid(where, 'a non-empty array of "host:port" strings', v);
  },
  { required: true, doc: 'the servers, ["host:port", …] (port 4222 when left out)' },
);

/** header names: printable ASCII without `:`; values: no line breaks (the protocol's limits) */
const headersField = field(
  '{string: [string]}',
  (v, where) => {
    const h = mapOf(array(str())).read(v, where);
    for (const [k, vs] of Object.entries(h)) {
      if (!/^[!-9;-~]+$/.test(k)) invalid(`${where}.${k}`, 'a header name of printable characters without `:`', k);
      for (const x of vs) if (/[\r\n]/.test(x)) invalid(`${where}.${k}`, 'header values without line breaks', x);
    }
    return h;
  },
  { default: {} as Record<string, string[]>, doc: 'headers of every published message: {"Name": ["value", …]}' },
);

const CONFIG = schema({
  hosts: hostsField,
  subject: field('string', subject, { required: true, doc: 'subscribed to by the source (wildcards allowed), published to by the sink' }),
  queue: optional(
    field('string', (v, where) => (typeof v === 'string' && /^\S+$/.test(v) ? v : invalid(where, 'a queue group name without spaces', v)), { doc: 'subscribe in this queue group: its members share the messages' }),
  ),
  reply: optional(field('string', subject, { doc: 'the reply subject of published messages (unless `$nats.reply` says otherwise)' })),
  headers: headersField,
  options: natsOptions,
});

function validate(config: Value): NatsConfig {
  const c = CONFIG.read(owner('nats'), config);
  try {
    checkOptions(c.options);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`Invalid configuration for ${owner('nats')}: ${e.message}`, e.kind, e.key);
    throw e;
  }
  return { hosts: c.hosts, subject: c.subject, queue: c.queue ?? null, reply: c.reply ?? null, headers: c.headers, options: c.options };
}

function create(ctx: ConnectorContext, config: NatsConfig): ConnectorInstance {
  const c: ConnectorContext = ctx.codec ? ctx : { ...ctx, codec: { name: 'json', config: null } };
  const reconnect = reconnectOf(ctx, 'nats', { kind: 'none' });
  const [first] = config.hosts;
  const subscriber: Subscriber = new Subscriber(c, {
    subject: config.subject,
    queue: config.queue,
    host: first.host,
    port: first.port,
    done: () => void link.release('source'),
    destroyed: () => link.abort(),
  });
  const link: NatsLink = new NatsLink(c, {
    target: config.hosts.map((h) => `${hostString(h.host)}:${h.port}`).join(', '),
    reconnect,
    nats,
    options: () => connectOptions(nats(), config.hosts, config.options, reconnect),
    opened: (nc) => (subscriber.wanted ? subscriber.attach(nc) : Promise.resolve()),
    // one error is enough for the flow to fail the connector: on the part it reads
    failed: (e) => {
      const reading = subscriber.wanted;
      publisher.destroy(reading ? undefined : e);
      subscriber.source.destroy(reading ? e : undefined);
    },
  });
  const publisher: Publisher = new Publisher(c, {
    subject: config.subject,
    reply: config.reply,
    headers: config.headers,
    window: config.options?.reconnect_buffer_size ?? DEFAULT_RECONNECT_BUFFER_SIZE,
    nats,
    link,
  });
  // subscribing before anything starts, as a server listens first (connector.ts): a sink of
  // the same flow publishing at once finds the subscription in place
  let listening: Promise<void> | null = null;
  const listen = () =>
    (listening ??= (async () => {
      if (!subscriber.wanted) subscriber.stop();
      await link.start();
    })());
  return {
    source: subscriber.source,
    sink: publisher,
    listen,
    start: async () => {
      try {
        await listen();
      } finally {
        // after a failed start, what waits learns it from the connection (ready() rejects)
        publisher.open();
      }
      subscriber.start();
    },
    stop: async () => subscriber.stop(),
  };
}

export const natsConnector: ConnectorType<NatsConfig> = {
  name: 'nats',
  summary: 'subscribes to and publishes on a NATS subject (core NATS)',
  codec: 'optional',
  config: CONFIG,
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  validate,
  create,
};
