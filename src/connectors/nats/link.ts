/**
 * The one NATS connection a nats connector's source and sink share, and who re-establishes it.
 *
 * Two layers of reconnection, each doing what it is good at:
 * - a connection that drops is re-established by the client itself (it resubscribes, and
 *   keeps its subscriptions' pending messages). Its status events drive the sink's circuit
 *   breaker: `disconnect` opens it (the sources feeding the sink pause, the sink holds its
 *   next event), `reconnect` closes it — once a round trip to the server has confirmed the
 *   subscriptions are in place again, so that what is published after the report is seen;
 * - the first connection, and a new one after the client gave up (`options.max_reconnects`
 *   spent), are ours, paced by the connector's `reconnect` strategy (net/backoff.ts) on
 *   `ctx.clock` timers, as the tcp_client's are: without a strategy a failing first connect
 *   fails `start`, and a connection given up is dialled once more after 1 s; when the
 *   strategy gives up, the connector fails with the reason.
 *
 * The connection is closed once both parts let go of it (`release`): the sink after its last
 * event, the source once its subscription is drained (or at once when the source is not read).
 * Destroying either part closes it at once (`abort`).
 */
import type { NatsConnection, NodeConnectionOptions } from '@nats-io/transport-node';
import type { TimerHandle } from '../../base/clock.js';
import { messageOf } from '../../base/message-of.js';
import type { ConnectorContext } from '../connector.js';
import { Backoff, type Reconnect } from '../net/backoff.js';

type Nats = typeof import('@nats-io/transport-node');

export interface LinkSpec {
  /** the servers, for messages: "127.0.0.1:4222, 127.0.0.1:4223" */
  target: string;
  reconnect: Reconnect;
  /** the client module (loaded lazily) */
  nats: () => Nats;
  /** the connect options (read when dialling: a credentials file may have changed) */
  options: () => NodeConnectionOptions;
  /** a new connection, before it counts as up (the source subscribes on it) */
  opened(nc: NatsConnection): Promise<void>;
  /** the strategy gave up: the connector fails with `e` */
  failed(e: Error): void;
}

export type Part = 'source' | 'sink';

export class NatsLink {
  private nc: NatsConnection | null = null;
  /** connected, and not disconnected since */
  private up = false;
  private waiting: { resolve: (nc: NatsConnection) => void; reject: (e: Error) => void }[] = [];
  private timer: TimerHandle | null = null;
  /** no more connections: both parts let go, the connector was torn down or gave up */
  private closed = false;
  private failure: Error | null = null;
  private readonly backoff: Backoff;
  private readonly using = new Set<Part>(['source', 'sink']);

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly spec: LinkSpec,
  ) {
    this.backoff = new Backoff(spec.reconnect);
  }

  /** the connection when it is up, else null */
  current(): NatsConnection | null {
    return this.up ? this.nc : null;
  }

  /** resolves with the connection once it is up; rejects once there will be none */
  ready(): Promise<NatsConnection> {
    if (this.up && this.nc) return Promise.resolve(this.nc);
    if (this.closed) return Promise.reject(this.failure ?? new Error(`${this.ctx.id}: not connected to ${this.spec.target}`));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** the first attempt: resolves once connected, or once retries are scheduled */
  async start(): Promise<void> {
    try {
      await this.attempt();
    } catch (e) {
      if (this.closed) return;
      const wait = this.backoff.failed();
      const message = `The ${this.ctx.id} connector cannot connect to ${this.spec.target}: ${messageOf(e)}`;
      if (wait === null) {
        this.giveUp(new Error(message), false);
        throw this.failure;
      }
      // the sources feeding this sink wait until it is connected (Tremor's circuit breaker)
      this.ctx.breaker?.(true);
      this.retryIn(wait, message);
    }
  }

  /** `part` is done with the connection; once both are, it is drained and closed */
  release(part: Part): Promise<void> {
    this.using.delete(part);
    return this.using.size === 0 ? this.close(true) : Promise.resolve();
  }

  /** closes the connection at once (the connector is torn down) */
  abort(): void {
    void this.close(false);
  }

  private async attempt(): Promise<void> {
    const nc = await this.spec.nats().connect(this.spec.options());
    if (this.closed) return void (await nc.close());
    try {
      await this.spec.opened(nc);
    } catch (e) {
      await nc.close();
      throw e;
    }
    if (this.closed) return void (await nc.close());
    this.nc = nc;
    this.backoff.succeeded();
    this.watch(nc);
    this.setUp(nc);
  }

  private setUp(nc: NatsConnection): void {
    this.up = true;
    this.ctx.breaker?.(false);
    for (const w of this.waiting.splice(0)) w.resolve(nc);
  }

  /** follows the client's status events and the end of the connection */
  private watch(nc: NatsConnection): void {
    void (async () => {
      for await (const s of nc.status()) {
        if (this.nc !== nc || this.closed) break;
        if (s.type === 'disconnect') {
          this.up = false;
          this.ctx.report(`The ${this.ctx.id} connector lost its connection to ${s.server}; the client tries to reconnect`);
          this.ctx.breaker?.(true);
        } else if (s.type === 'reconnect') {
          // the subscriptions are sent again before the client says so: a round trip makes
          // sure the server has them before anyone is told
          nc.flush().then(
            () => {
              if (this.nc !== nc || this.closed || nc.isClosed()) return;
              this.ctx.report(`The ${this.ctx.id} connector reconnected to ${s.server}`);
              this.setUp(nc);
            },
            () => {}, // disconnected again: the next reconnect says so
          );
        } else if (s.type === 'error') this.ctx.report(`The ${this.ctx.id} connector: ${messageOf(s.error)}`);
        else if (s.type === 'ldm') this.ctx.report(`The ${this.ctx.id} connector: ${s.server} is shutting down (lame duck mode); the client will move`);
      }
    })();
    void nc.closed().then((err) => this.lost(nc, err ?? undefined));
  }

  /** the client closed the connection (gave up reconnecting), or we did */
  private lost(nc: NatsConnection, err?: Error): void {
    if (this.nc !== nc) return;
    this.nc = null;
    this.up = false;
    if (this.closed) return;
    const wait = this.backoff.lost();
    const message = `The ${this.ctx.id} connector lost its connection to ${this.spec.target}${err ? `: ${messageOf(err)}` : ''}`;
    if (wait === null) return this.giveUp(new Error(message), true);
    this.ctx.breaker?.(true);
    this.retryIn(wait, message);
  }

  private retryIn(wait: number, message: string): void {
    this.ctx.report(`${message}; reconnecting in ${wait} ms`);
    this.timer = this.ctx.clock.setTimer(() => {
      this.timer = null;
      if (this.closed) return;
      this.attempt().catch((e: unknown) => {
        if (this.closed) return;
        const next = this.backoff.failed();
        const msg = `The ${this.ctx.id} connector cannot connect to ${this.spec.target}: ${messageOf(e)}`;
        if (next === null) this.giveUp(new Error(`${msg}; giving up`), true);
        else this.retryIn(next, msg);
      });
    }, wait);
  }

  private giveUp(e: Error, fail: boolean): void {
    this.failure = e;
    void this.close(false);
    if (fail) this.spec.failed(e);
  }

  /** no more connections; the current one is drained first when `graceful` */
  private async close(graceful: boolean): Promise<void> {
    const first = !this.closed;
    this.closed = true;
    if (this.timer !== null) this.ctx.clock.clearTimer(this.timer);
    this.timer = null;
    const e = this.failure ?? new Error(`${this.ctx.id}: closed before it could connect to ${this.spec.target}`);
    for (const w of this.waiting.splice(0)) w.reject(e);
    const nc = this.nc;
    if (!nc || nc.isClosed()) return;
    if (graceful && first && this.up && !nc.isDraining()) {
      // what is still pending is sent, then the connection closes
      await nc.drain().catch(() => nc.close());
      return;
    }
    await nc.close().catch(() => {});
  }
}
