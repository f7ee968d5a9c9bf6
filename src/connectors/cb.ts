/**
 * cb: a test connector that checks delivery — what its source sends must reach its sink.
 *
 * Config:
 *   path     required, a file of events (JSON lines with the default codec)
 *   timeout  milliseconds to wait, after the file has been replayed, for the events to come
 *            back (default 10000)
 *
 * The codec is optional (default `json`), preprocessors default to `["separate"]`. The source
 * replays the file's events (ids 0, 1, …, origin `tremor-cb://<hostname>/<path>`) and ends;
 * lines that fail to decode go to `err` and are not expected back. The sink notes the id of
 * every event of this source that reaches it (once each: fan-out copies count once). As soon
 * as all of them are back it reports so and stops the deployment with status 0; if the
 * timeout passes first, or the sink ends (nothing more can arrive) with some missing, it
 * reports the missing ids and stops with status 1.
 *
 * ```tremor
 * define connector cb from cb
 * with
 *   config = {"path": "in.json", "timeout": 2000}
 * end;
 * create connector cb;
 * create pipeline main;
 * connect /connector/cb to /pipeline/main;
 * connect /pipeline/main to /connector/cb;
 * ```
 *
 * Tremor's cb connector drives contraflow: its sink turns `$cb` / `cb` commands ("ack", "fail",
 * "trigger", "restore") into acks, fails and circuit-breaker signals, and its source waits for
 * the acks and fails of its transactional events. This runtime has no ack/fail contraflow
 * (backpressure is the streams' own), so this cb checks delivery by counting what reaches its
 * sink; `cb` commands in the events are ignored.
 */
import os from 'node:os';
import { messageOf } from '../base/message-of.js';
import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import type { TimerHandle } from '../base/clock.js';
import { stringify } from '../runtime/json.js';
import { isNumber, toF64, type Value } from '../runtime/value.js';
import { schema } from '../runtime/schema.js';
import type { ConnectorContext, ConnectorType, PortEvent } from './connector.js';
import { duration, owner, path } from './config-fields.js';
import { EventDecoder } from './framing.js';

export interface CbConfig {
  path: string;
  timeout: number;
}

/** what the two parts share: the ids sent, the ids back, and the verdict */
class Ledger {
  /** ids of the events sent on `out`; null until the replay is over */
  expected: Set<number> | null = null;
  readonly back = new Set<number>();
  private timer: TimerHandle | null = null;
  private decided = false;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly timeout: number,
  ) {}

  replayed(ids: Set<number>): void {
    this.expected = ids;
    if (!this.check()) this.timer = this.ctx.clock.setTimer(() => this.decide(), this.timeout);
  }

  arrived(id: number): void {
    if (this.expected === null || this.expected.has(id)) this.back.add(id);
    this.check();
  }

  /** decides as soon as everything is back; true when decided */
  check(): boolean {
    if (this.decided || this.expected === null) return this.decided;
    for (const id of this.expected) if (!this.back.has(id)) return false;
    this.decide();
    return true;
  }

  decide(): void {
    if (this.decided) return;
    this.decided = true;
    if (this.timer !== null) this.ctx.clock.clearTimer(this.timer);
    this.timer = null;
    const expected = this.expected;
    if (expected === null) {
      this.ctx.report(`cb ${this.ctx.id}: the source never finished replaying its file`);
      this.ctx.exit(1);
      return;
    }
    const missing = [...expected].filter((id) => !this.back.has(id));
    const got = expected.size - missing.length;
    if (missing.length === 0) {
      this.ctx.report(`cb ${this.ctx.id}: all ${expected.size} events came back`);
      this.ctx.exit(0);
    } else {
      const shown = missing.slice(0, 20).join(', ') + (missing.length > 20 ? ', …' : '');
      this.ctx.report(`cb ${this.ctx.id}: ${got} of ${expected.size} events came back; missing ids ${shown}`);
      this.ctx.exit(1);
    }
  }

  cancel(): void {
    if (this.timer !== null) this.ctx.clock.clearTimer(this.timer);
    this.timer = null;
  }
}

export class CbSource extends Readable {
  private queue: PortEvent[] = [];
  private head = 0;
  private loaded = false;
  private done = false;
  /** the consumer asked for more (`_read`) and no push has refused since */
  private demand = false;
  private readonly sent = new Set<number>();

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: CbConfig,
    private readonly ledger: Ledger,
  ) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
  }

  async load(): Promise<void> {
    let data: Buffer;
    try {
      data = await readFile(this.config.path);
    } catch (e) {
      throw new Error(`The cb connector ${this.ctx.id} cannot read ${stringify(this.config.path)}: ${messageOf(e)}`);
    }
    const decoder = new EventDecoder(this.ctx, { origin: { scheme: 'tremor-cb', host: os.hostname(), port: null, path: [this.config.path] } });
    this.queue = [...decoder.decode(data), ...decoder.finish()];
    this.loaded = true;
    this.pump();
  }

  /** stops replaying: what was sent so far is what is expected back */
  halt(): void {
    this.head = this.queue.length;
    this.pump();
  }

  override _read(): void {
    this.demand = true;
    this.pump();
  }

  private pump(): void {
    if (this.done || this.destroyed || !this.loaded) return;
    while (this.demand && this.head < this.queue.length) {
      const pe = this.queue[this.head++];
      if (pe.port === 'out') this.sent.add(pe.event.id);
      this.demand = this.push(pe);
    }
    if (this.head >= this.queue.length) {
      this.done = true;
      this.push(null);
      this.ledger.replayed(this.sent);
    }
  }
}

const CONFIG = schema({
  path: path({ required: true, doc: 'a file of events to replay' }),
  timeout: duration('milliseconds', { default: 10_000, doc: 'how long to wait for every event to arrive' }),
});

export const cb: ConnectorType<CbConfig> = {
  name: 'cb',
  summary: 'test connector: replays a file and checks that every event reaches its sink',
  codec: 'optional',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  validate(config: Value): CbConfig {
    const c = CONFIG.read(owner('cb'), config) as { path: string; timeout: number };
    return { path: c.path, timeout: c.timeout };
  },
  create(ctx, config) {
    const c: ConnectorContext = {
      ...ctx,
      codec: ctx.codec ?? { name: 'json', config: null },
      preprocessors: ctx.preprocessors.length > 0 ? ctx.preprocessors : [{ name: 'separate', config: null }],
    };
    const ledger = new Ledger(c, config.timeout);
    const source = new CbSource(c, config, ledger);
    const sink = new Writable({
      objectMode: true,
      highWaterMark: ctx.highWaterMark,
      write(chunk: PortEvent, _enc, done) {
        // events from other sources may share the sink; only this source's ids are counted
        if (chunk.event.origin?.scheme === 'tremor-cb') ledger.arrived(chunk.event.id);
        done();
      },
      final(done) {
        // nothing more can arrive: decide now rather than wait for the timeout
        ledger.decide();
        done();
      },
      destroy(err, done) {
        ledger.cancel();
        done(err);
      },
    });
    return { source, sink, start: () => source.load(), stop: async () => source.halt() };
  },
};
