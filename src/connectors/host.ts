/**
 * host: events from and to the program that deployed the flow in-process (the library's
 * `deploy()`, src/app/deploy.ts). No codec: events are the values the program writes, and
 * the payloads it reads.
 *
 * ```tremor
 * define connector input from host;    # handle.input("input").write({"a": 1}); .end() ends it
 * define connector output from host;   # for await (const v of handle.output("output")) …
 * ```
 *
 * Each alias has two ends held by the deployment (HostEnds): an object-mode Writable the
 * program writes values into, which the connector's source reads (port `out`), and an
 * object-mode Readable (async-iterable) the connector's sink writes payloads into. Both exist
 * before the flow starts, so the program may write at once. Backpressure is the streams':
 * a program that does not read its output holds the flow; an event is acked once handed to
 * the output's buffer. Ending the input ends the source (and, without an exit connector, the
 * flow once it has drained); the output ends when the flow does.
 */
import { PassThrough, type Readable, Transform, type Writable } from 'node:stream';
import { wallClockNs } from '../base/wallclock.js';
import { eventValues, newEvent } from '../runtime/event.js';
import { schema } from '../runtime/schema.js';
import type { Value } from '../runtime/value.js';
import type { ConnectorType, PortEvent } from './connector.js';
import { owner } from './config-fields.js';
import { EventSink, type Outcome } from './base/sink.js';
import { Drain } from './net/drained.js';

const HWM = 64;

/** the program's ends of the host connectors of one deployment, by alias */
export class HostEnds {
  private readonly inboxes = new Map<string, PassThrough>();
  private readonly outboxes = new Map<string, PassThrough>();

  /** what the program writes values into (the connector `alias`'s source reads it) */
  input(alias: string): Writable {
    return this.inbox(alias);
  }

  /** what the program reads payloads from (the connector `alias`'s sink writes it) */
  output(alias: string): Readable {
    return this.outbox(alias);
  }

  inbox(alias: string): PassThrough {
    let p = this.inboxes.get(alias);
    if (!p) this.inboxes.set(alias, (p = new PassThrough({ objectMode: true, highWaterMark: HWM })));
    return p;
  }

  outbox(alias: string): PassThrough {
    let p = this.outboxes.get(alias);
    if (!p) this.outboxes.set(alias, (p = new PassThrough({ objectMode: true, highWaterMark: HWM })));
    return p;
  }
}

class HostSink extends EventSink {
  private readonly drain: Drain;

  constructor(
    ctx: ConstructorParameters<typeof EventSink>[0],
    private readonly out: PassThrough,
  ) {
    super(ctx);
    this.drain = new Drain(out, true);
  }

  protected deliver({ event }: PortEvent): Outcome {
    let full = false;
    if (event.batch) for (const v of eventValues(event)) full = !this.out.write(v) || full;
    else full = !this.out.write(event.data);
    return full ? this.drain.wait() : undefined;
  }

  protected override async flush(): Promise<void> {
    this.out.end();
  }
}

export function hostConnector(ends: HostEnds): ConnectorType<null> {
  return {
    name: 'host',
    summary: 'events from and to the program that deployed the flow (library deploy())',
    codec: 'none',
    config: schema({}),
    outputs: () => ['out'],
    inputs: () => ['in'],
    validate(config: Value) {
      schema({}).read(owner('host'), config);
      return null;
    },
    create(ctx) {
      const inbox = ends.inbox(ctx.alias);
      let seq = 0;
      const source = new Transform({
        objectMode: true,
        highWaterMark: ctx.highWaterMark,
        transform(value: Value, _enc, cb) {
          cb(null, { port: 'out', event: newEvent(value, wallClockNs(), seq++) } satisfies PortEvent);
        },
      });
      inbox.pipe(source);
      const sink = new HostSink(ctx, ends.outbox(ctx.alias));
      return {
        source,
        sink,
        stop: async () => {
          inbox.unpipe(source);
          source.end();
        },
      };
    },
  };
}
