/**
 * Shared parts of the network connectors (tcp, unix sockets, websockets, udp):
 *
 * - `hostPort`: Tremor's `host:port` urls (an optional `scheme://` prefix, `[v6]:port`);
 * - `reconnectConfig` / `Backoff` / `Client`: the `reconnect` strategy of reference §2.3 and a
 *   client's connect–lose–reconnect cycle on `ctx.clock` timers (so tests can drive it);
 * - `Peers`: a server's connections by peer, where its sink routes answers;
 * - `EventQueue`: the source part, fed by any number of connections, each of which is paused
 *   while the consumer cannot take what it produced (backpressure reaches the peer's socket);
 * - `ConnSink`: the sink part, writing each event to the connections a router picks, through
 *   each connection's own encoder, waiting for the slow ones before taking more.
 */
import { Writable } from 'node:stream';
import { isIP } from 'node:net';
import type { TimerHandle } from '../base/clock.js';
import type { Event } from '../runtime/event.js';
import { stringify } from '../runtime/json.js';
import { isRecord, type Rec, type Value } from '../runtime/value.js';
import { ConfigError, type ConnectorContext, type ConnectorInstance, type PortEvent } from './connector.js';
import type { EventEncoder } from './framing.js';
import { QueuedSource } from './queued-source.js';

export function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface HostPort {
  host: string;
  port: number;
}

/** `host:port`, `scheme://host:port[/…]` or `[::1]:port`; `defaultPort` when the port is left out */
export function hostPort(type: string, key: string, v: Value | undefined, defaultPort?: number): HostPort {
  const bad = (why: string) => new ConfigError(`The \`${key}\` of a ${type} connector ${why}, not ${stringify(v ?? null)}`);
  if (typeof v !== 'string' || v === '') throw bad('must be a "host:port" string');
  const rest = v.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*))(?::(\d+))?$/.exec(rest);
  if (!m) throw bad('must be a "host:port" string');
  const host = m[1] ?? m[2];
  if (m[1] !== undefined && isIP(m[1]) !== 6) throw bad('has an invalid IPv6 address');
  if (host === '') throw bad('needs a host');
  if (m[3] === undefined && defaultPort === undefined) throw bad('needs a port');
  const port = m[3] === undefined ? (defaultPort as number) : Number(m[3]);
  if (port > 65535) throw bad('has a port out of range');
  return { host, port };
}

export function optNumber(type: string, rec: Rec, key: string, dflt: number, min = 1, max = 1 << 30): number {
  const v = rec[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ConfigError(`The \`${key}\` of a ${type} connector must be an integer from ${min} to ${max}, not ${stringify(v)}`);
  return v;
}

export function optBool(type: string, rec: Rec, key: string, dflt: boolean): boolean {
  const v = rec[key] ?? dflt;
  if (typeof v !== 'boolean') throw new ConfigError(`The \`${key}\` of a ${type} connector must be a boolean, not ${stringify(v)}`);
  return v;
}

export type Reconnect = { kind: 'none' } | { kind: 'retry'; intervalMs: number; growthRate: number; maxRetries: number; randomized: boolean };

/** Tremor's `reconnect`: absent or `"none"`, or `{"retry": {interval_ms, growth_rate?, max_retries?, randomized?}}` */
export function reconnectConfig(type: string, v: Value | undefined): Reconnect {
  if (v === undefined || v === null || v === 'none') return { kind: 'none' };
  const bad = (why: string) => new ConfigError(`The \`reconnect\` of a ${type} connector ${why}`);
  if (!isRecord(v) || !isRecord(v.retry) || Object.keys(v).length !== 1) throw bad(`must be "none" or {"retry": {"interval_ms": …}}, not ${stringify(v)}`);
  const r = v.retry;
  for (const k of Object.keys(r)) if (!['interval_ms', 'growth_rate', 'max_retries', 'randomized'].includes(k)) throw new ConfigError(`Unknown key \`${k}\` in the \`reconnect.retry\` of a ${type} connector; expected interval_ms, growth_rate, max_retries, randomized`, 'D007');
  const { interval_ms: interval, growth_rate: growth = 1.5, max_retries: max = null, randomized = true } = r;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 0) throw bad(`needs \`retry.interval_ms\`, a non-negative integer (milliseconds), not ${stringify(interval ?? null)}`);
  if (typeof growth !== 'number' || !(growth > 0)) throw bad(`needs a positive \`retry.growth_rate\`, not ${stringify(growth)}`);
  if (max !== null && (typeof max !== 'number' || !Number.isInteger(max) || max < 0)) throw bad(`needs a non-negative integer \`retry.max_retries\`, not ${stringify(max)}`);
  if (typeof randomized !== 'boolean') throw bad(`needs a boolean \`retry.randomized\`, not ${stringify(randomized)}`);
  return { kind: 'retry', intervalMs: interval, growthRate: growth, maxRetries: max ?? Infinity, randomized };
}

/**
 * The strategy a client uses: Tremor's connector-level `with reconnect = …` (ctx.reconnect)
 * when given, else the connector's `config.reconnect`, validated at deploy time.
 */
export function reconnectOf(ctx: ConnectorContext, type: string, configured: Reconnect): Reconnect {
  const given = ctx.reconnect;
  return given === undefined || given === null ? configured : reconnectConfig(type, given);
}

/**
 * The waits of a reconnect strategy, as Tremor computes them: `failed()` after an attempt
 * failed and `lost()` after a working connection broke give the wait before the next attempt,
 * or null to give up. `none` allows one attempt, 1 s after a loss; `retry` waits `interval_ms`,
 * then each wait is the last × growth_rate (randomized: uniform between the two), up to
 * `max_retries` failures since the last success.
 */
export class Backoff {
  private failures = 0;
  private last: number | null = null;

  constructor(
    private readonly strategy: Reconnect,
    private readonly random: () => number = Math.random,
  ) {}

  failed(): number | null {
    this.failures++;
    return this.next();
  }

  lost(): number | null {
    return this.next();
  }

  succeeded(): void {
    this.failures = 0;
    this.last = null;
  }

  private next(): number | null {
    const s = this.strategy;
    if (s.kind === 'none') return this.failures === 0 ? 1000 : null;
    if (this.failures >= s.maxRetries) return null;
    const prev = this.last;
    let wait = s.intervalMs;
    if (prev !== null) {
      const grown = Math.floor(prev * s.growthRate);
      const [lo, hi] = grown >= prev ? [prev, grown] : [grown, prev];
      wait = s.randomized ? lo + Math.floor(this.random() * (hi - lo + 1)) : grown;
    }
    this.last = wait;
    return wait;
  }
}

/** one connection as the sink parts see it */
export interface Link extends Conn {
  /** flushes the encoder and closes the connection; resolves once that is done */
  finish(): Promise<void>;
  destroy(): void;
}

/**
 * A client connector: one connection at a time, redialled by the reconnect strategy, feeding
 * the source and taking the sink's events. `start` makes the first attempt: its failure
 * rejects unless the strategy retries (then `start` resolves and the retries go on, as
 * Tremor's deploy does not wait for connectors either). Events wait (backpressure) while
 * there is no connection; when the strategy gives up, the sink fails with the reason.
 * `dial` connects, wires the link's input into `source`, and calls `closed` when it closes.
 */
export class Client<L extends Link> {
  readonly source: EventQueue;
  readonly sink: ConnSink;
  private link: L | null = null;
  private waiting: { resolve: (l: L) => void; reject: (e: Error) => void }[] = [];
  private timer: TimerHandle | null = null;
  /** no more connections: the sink finished, the connector was torn down or gave up */
  private closed = false;
  private failure: Error | null = null;
  private readonly backoff: Backoff;

  constructor(
    private readonly ctx: ConnectorContext,
    reconnect: Reconnect,
    /** what is dialled, for messages: "127.0.0.1:4242" */
    private readonly target: string,
    private readonly dial: (source: EventQueue, closed: (l: L, why?: string) => void) => Promise<L>,
  ) {
    this.backoff = new Backoff(reconnect);
    this.source = new EventQueue(ctx.highWaterMark, () => this.close());
    this.sink = new ConnSink(ctx, {
      select: () => (this.link ? [this.link] : this.connected().then((l) => [l])),
      final: async () => {
        this.close();
        await this.link?.finish();
      },
      destroy: () => {
        this.close();
        this.link?.destroy();
      },
    });
  }

  instance(): ConnectorInstance {
    return { source: this.source, sink: this.sink, start: () => this.start(), stop: async () => this.source.end() };
  }

  private async start(): Promise<void> {
    try {
      this.up(await this.attempt());
    } catch (e) {
      const wait = this.backoff.failed();
      const message = `The ${this.ctx.id} connector cannot connect to ${this.target}: ${describe(e)}`;
      if (wait === null) {
        this.giveUp(new Error(message), false);
        throw this.failure;
      }
      this.retryIn(wait, message);
    }
  }

  private attempt(): Promise<L> {
    return this.dial(this.source, (l, why) => this.lost(l, why));
  }

  private connected(): Promise<L> {
    if (this.closed) return Promise.reject(this.failure ?? new Error(`${this.ctx.id}: not connected to ${this.target}`));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private lost(l: L, why?: string): void {
    if (this.link !== l) return;
    this.link = null;
    // closed for good: nothing more will come in
    if (this.closed) return void this.source.end();
    const wait = this.backoff.lost();
    const message = `The ${this.ctx.id} connector lost its connection to ${this.target}${why ? `: ${why}` : ''}`;
    if (wait === null) this.giveUp(new Error(message), true);
    else this.retryIn(wait, message);
  }

  private retryIn(wait: number, message: string): void {
    this.ctx.report(`${message}; reconnecting in ${wait} ms`);
    this.timer = this.ctx.clock.setTimer(() => {
      this.timer = null;
      if (this.closed) return;
      this.attempt().then(
        (l) => (this.closed ? l.destroy() : this.up(l)),
        (e: unknown) => {
          if (this.closed) return;
          const next = this.backoff.failed();
          const msg = `The ${this.ctx.id} connector cannot connect to ${this.target}: ${describe(e)}`;
          if (next === null) this.giveUp(new Error(`${msg}; giving up`), true);
          else this.retryIn(next, msg);
        },
      );
    }, wait);
  }

  private up(l: L): void {
    this.backoff.succeeded();
    this.link = l;
    for (const w of this.waiting.splice(0)) w.resolve(l);
  }

  private giveUp(e: Error, fail: boolean): void {
    this.failure = e;
    this.close();
    // one error is enough for the flow to fail the connector (it listens to both parts)
    if (fail) {
      this.sink.destroy(e);
      this.source.destroy();
    }
  }

  private close(): void {
    this.closed = true;
    if (this.timer !== null) this.ctx.clock.clearTimer(this.timer);
    this.timer = null;
    const e = this.failure ?? new Error(`${this.ctx.id}: closed before it could connect to ${this.target}`);
    for (const w of this.waiting.splice(0)) w.reject(e);
  }
}

/** the open connections of a server, by peer key, for its sink */
export class Peers<L extends Link> {
  private readonly links = new Map<string, L>();

  constructor(private readonly type: string) {}

  /** adds a connection; the function returned removes it */
  add(key: string, l: L): () => void {
    this.links.set(key, l);
    return () => {
      if (this.links.get(key) === l) this.links.delete(key);
    };
  }

  /** the connection(s) a peer key (from event metadata) picks: undefined is all, null a malformed peer */
  select(key: string | null | undefined): L[] | string {
    if (key === undefined) return this.links.size ? [...this.links.values()] : 'no open connection to write to; the event is dropped';
    if (key === null) return `the event's \`$${this.type}.peer\` is not a peer of this connector; the event is dropped`;
    const l = this.links.get(key);
    return l ? [l] : `no open connection to the peer ${key}; the event is dropped`;
  }

  async finish(): Promise<void> {
    await Promise.all([...this.links.values()].map((l) => l.finish()));
  }

  destroy(): void {
    for (const l of this.links.values()) l.destroy();
    this.links.clear();
  }
}

/** something producing events that can be told to wait (a socket) */
export interface Pausable {
  pause(): unknown;
  resume(): unknown;
}

/**
 * The source part: events from every connection in arrival order. A connection whose events
 * had to be queued (the consumer is full) is paused until the queue has drained and the
 * consumer asks for more; memory stays bounded by highWaterMark plus one read per connection.
 * `autoDestroy` is off: ending the source must not close connections the sink still answers
 * on; the connector closes them when both parts are done, or on `destroy`.
 */
export class EventQueue extends QueuedSource {
  private readonly held = new Set<Pausable>();

  constructor(
    highWaterMark: number,
    private readonly onDestroy: () => void,
  ) {
    super({ highWaterMark, autoDestroy: false });
  }

  /** `end` was called: connections no longer read */
  get stopped(): boolean {
    return this.queueEnded || this.destroyed;
  }

  deliver(events: PortEvent[], from?: Pausable): void {
    if (this.stopped) return;
    this.enqueue(events);
    this.pump();
    if (from && this.backlog > 0 && !this.held.has(from)) {
      this.held.add(from);
      from.pause();
    }
  }

  /** a closed connection is no longer resumed */
  forget(from: Pausable): void {
    this.held.delete(from);
  }

  /**
   * No more events: what is queued is still pushed, then the stream ends. Paused connections
   * are resumed: what they still send is read and dropped, so that their close is noticed.
   */
  end(): void {
    this.endQueue();
    this.resumeHeld();
    this.pump();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.held.clear();
    this.onDestroy();
    cb(err);
  }

  /** the queue has drained and the consumer wants more: paused connections read again */
  protected wantMore(): void {
    this.resumeHeld();
  }

  private resumeHeld(): void {
    if (this.held.size === 0) return;
    const held = [...this.held];
    this.held.clear();
    for (const p of held) p.resume();
  }
}

/** one open connection as a sink sees it */
export interface Conn {
  readonly encoder: EventEncoder;
  /** writes the chunks of one event; a promise when the writer should wait before more */
  send(chunks: Uint8Array[], meta: Rec): Promise<void> | null;
}

export interface Routes {
  /** the connections an event goes to, or why it goes nowhere (reported) */
  select(event: Event): Conn[] | string | Promise<Conn[] | string>;
  /** after the last event: flush the encoders, close the connections */
  final(): Promise<void>;
  destroy(): void;
}

/** The sink part: each event is encoded per target connection and written to it. */
export class ConnSink extends Writable {
  constructor(
    private readonly ctx: ConnectorContext,
    private readonly routes: Routes,
  ) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
  }

  override _write(chunk: PortEvent, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.out([chunk]).then(() => cb(), cb);
  }

  override _writev(chunks: { chunk: PortEvent }[], cb: (e?: Error | null) => void): void {
    this.out(chunks.map((c) => c.chunk)).then(() => cb(), cb);
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.routes.final().then(() => cb(), cb);
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.routes.destroy();
    cb(err);
  }

  private async out(events: PortEvent[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const { event } of events) {
      let targets = this.routes.select(event);
      if (targets instanceof Promise) targets = await targets;
      if (typeof targets === 'string') {
        this.ctx.report(`${this.ctx.id}: ${targets}`);
        continue;
      }
      for (const c of targets) {
        let chunks: Uint8Array[];
        try {
          chunks = c.encoder.encodeEvent(event);
        } catch (e) {
          this.ctx.report(`${this.ctx.id}: cannot encode an event: ${describe(e)}`);
          continue;
        }
        const wait = c.send(chunks, event.meta);
        if (wait) waits.push(wait);
      }
    }
    await Promise.all(waits);
  }
}

/** resolves when `w` drains or closes (a closed connection takes no more, nothing to wait for) */
export function drained(w: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      w.off('drain', done);
      w.off('close', done);
      resolve();
    };
    w.on('drain', done);
    w.on('close', done);
  });
}
