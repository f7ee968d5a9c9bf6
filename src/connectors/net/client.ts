/**
 * A client connector: one connection at a time, redialled by the reconnect strategy
 * (backoff.ts) on `ctx.clock` timers (so tests can drive it), feeding the source and taking
 * the sink's events. `start` makes the first attempt: its failure rejects unless the strategy
 * retries (then `start` resolves and the retries go on, as Tremor's deploy does not wait for
 * connectors either). Events wait (backpressure) while there is no connection; when the
 * strategy gives up, the sink fails with the reason. The connection is closed once the sink has
 * taken its last event and the source is not read (or stopped).
 */
import type { TimerHandle } from '../../base/clock.js';
import { messageOf } from '../../base/message-of.js';
import type { Origin } from '../../runtime/origin.js';
import type { Rec } from '../../runtime/value.js';
import type { ConnectorContext, ConnectorInstance } from '../connector.js';
import { Backoff, type Reconnect } from './backoff.js';
import { ConnSink } from './conn-sink.js';
import { EventQueue } from './event-queue.js';
import { Session, type Wire } from './session.js';

export interface ClientSpec {
  /** what is dialled, for messages: "127.0.0.1:4242" */
  target: string;
  reconnect: Reconnect;
  /**
   * opens a connection; once it is open, hands its wire to `opened` at once (in the same
   * tick, so that nothing it receives is missed) and resolves with what that returns
   */
  dial(opened: (w: Wire) => Session): Promise<Session>;
  /** the metadata of an event (a fresh record each call) */
  meta(): Rec;
  origin: Origin;
  /** the most bytes one read hands to the decoder (`buf_size`; none: what arrives) */
  readSize?: number;
}

/** One connection to a server, re-established by the reconnect strategy. */
export function sessionClient(ctx: ConnectorContext, spec: ClientSpec): ConnectorInstance {
  return new Client(ctx, spec).instance();
}

class Client {
  readonly source: EventQueue;
  readonly sink: ConnSink;
  private link: Session | null = null;
  private waiting: { resolve: (l: Session) => void; reject: (e: Error) => void }[] = [];
  private timer: TimerHandle | null = null;
  /** no more connections: the sink finished, the connector was torn down or gave up */
  private closed = false;
  private failure: Error | null = null;
  /** the sink has taken its last event */
  private sinkDone = false;
  private readonly backoff: Backoff;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly spec: ClientSpec,
  ) {
    this.backoff = new Backoff(spec.reconnect);
    this.source = new EventQueue(ctx.highWaterMark, () => {
      this.close();
      // the sink is done with it too: nothing needs the connection any more
      if (this.sink.writableFinished || this.sink.destroyed) this.link?.destroy();
    });
    this.sink = new ConnSink(ctx, {
      select: () => (this.link ? [this.link] : this.connected().then((l) => [l])),
      final: async () => {
        this.close();
        this.sinkDone = true;
        if (this.replies()) return;
        await this.link?.finish();
      },
      destroy: () => {
        this.close();
        // a sink destroyed once it finished (autoDestroy) leaves the connection to the replies
        if (!(this.sinkDone && this.replies())) this.link?.destroy();
      },
    });
  }

  instance(): ConnectorInstance {
    return { source: this.source, sink: this.sink, start: () => this.start(), stop: () => this.stop() };
  }

  /**
   * Replies may still come: the source is read and not stopped. Then the end of the sink's
   * input leaves the connection open, as Tremor's client keeps its connection for as long as
   * the connector runs — closing our side would end the stream at a Tremor-like server, which
   * then drops the answers still on their way.
   */
  private replies(): boolean {
    return this.source.readableFlowing !== null && !this.source.stopped;
  }

  /** no more reading; once the sink is done too, the connection is closed */
  private async stop(): Promise<void> {
    this.source.end();
    if (this.sinkDone) await this.link?.finish();
  }

  private async start(): Promise<void> {
    try {
      this.up(await this.attempt());
    } catch (e) {
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

  /** dials, and wires the new connection's input into the source */
  private attempt(): Promise<Session> {
    return this.spec.dial((wire) => {
      const session = new Session(this.ctx, wire, this.spec.meta, this.spec.origin, this.spec.readSize);
      session.attach(this.source, (why) => this.lost(session, why));
      return session;
    });
  }

  private connected(): Promise<Session> {
    if (this.closed) return Promise.reject(this.failure ?? new Error(`${this.ctx.id}: not connected to ${this.spec.target}`));
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private lost(l: Session, why?: string): void {
    if (this.link !== l) return;
    this.link = null;
    // closed for good: nothing more will come in
    if (this.closed) return void this.source.end();
    const wait = this.backoff.lost();
    const message = `The ${this.ctx.id} connector lost its connection to ${this.spec.target}${why ? `: ${why}` : ''}`;
    if (wait === null) this.giveUp(new Error(message), true);
    else {
      this.ctx.breaker?.(true);
      this.retryIn(wait, message);
    }
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
          const msg = `The ${this.ctx.id} connector cannot connect to ${this.spec.target}: ${messageOf(e)}`;
          if (next === null) this.giveUp(new Error(`${msg}; giving up`), true);
          else this.retryIn(next, msg);
        },
      );
    }, wait);
  }

  private up(l: Session): void {
    this.backoff.succeeded();
    this.link = l;
    this.ctx.breaker?.(false);
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
    const e = this.failure ?? new Error(`${this.ctx.id}: closed before it could connect to ${this.spec.target}`);
    for (const w of this.waiting.splice(0)) w.reject(e);
  }
}
