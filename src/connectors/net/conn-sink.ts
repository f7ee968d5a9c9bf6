/**
 * The sink part of the socket connectors: each event is encoded per target connection (each
 * has its own encoder) and written to it; the event settles once its targets let the writer
 * go on — at once, or when a slow connection has drained (a client's one connection, or, on a
 * server, all of its peers being slow: outbox.ts). Which connections an event goes to is the
 * `Routes` of a server (by peer) or a client (its one connection, waited for while it is
 * being re-established).
 *
 * Within one batch (a writev), an event that has to wait holds back the events after it:
 * they are written once it has settled, in order. So a slow connection's queue grows by one
 * event at most past the point where it asked to wait, however large the batch.
 */
import type { Event } from '../../runtime/event.js';
import type { ConnectorContext, PortEvent } from '../connector.js';
import { EventSink, Undeliverable, type Outcome, type Settled } from '../base/sink.js';
import type { Conn } from './session.js';

export interface Routes {
  /** the connections an event goes to, or why it goes nowhere (reported) */
  select(event: Event): Conn[] | string | Promise<Conn[] | string>;
  /** after the last event: flush the encoders, close the connections */
  final(): Promise<void>;
  destroy(): void;
}

export class ConnSink extends EventSink {
  constructor(
    ctx: ConnectorContext,
    private readonly routes: Routes,
  ) {
    super(ctx);
  }

  protected deliver({ event }: PortEvent): Outcome {
    const targets = this.routes.select(event);
    return targets instanceof Promise ? targets.then((t) => this.sendTo(event, t)) : this.sendTo(event, targets);
  }

  protected override deliverAll(events: PortEvent[]): Settled[] {
    let before: Promise<boolean> | null = null;
    return events.map((pe) => {
      const run = () => this.attempt(() => this.deliver(pe));
      const settled = before === null ? run() : before.then(run);
      if (settled instanceof Promise) before = settled;
      return settled;
    });
  }

  protected override flush(): Promise<void> {
    return this.routes.final();
  }

  protected override release(): void {
    this.routes.destroy();
  }

  /** one encoding per target; a target that cannot encode it is reported, the others still get it */
  private sendTo(event: Event, targets: Conn[] | string): Outcome {
    if (typeof targets === 'string') throw new Undeliverable(targets);
    const waits: Promise<boolean>[] = [];
    for (const c of targets) {
      const wait = this.attempt(() => c.send(this.encode(c.encoder, event), event.meta, event.tx !== null) ?? undefined);
      if (wait instanceof Promise) waits.push(wait);
    }
    if (waits.length) return Promise.all(waits).then(() => {});
  }
}
