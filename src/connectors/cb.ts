/**
 * cb: Tremor's test connector for acknowledgements and circuit breakers. Its source replays
 * files and expects an ack or a fail back for every event; its sink turns commands in the
 * events it receives into acks, fails and circuit-breaker signals.
 *
 * Config:
 *   path            required: a file, or (0.13's `paths`) an array of files, one event per line
 *   timeout         milliseconds to wait after the replay for the acks and fails still missing
 *                   (Tremor: nanoseconds; default 10000)
 *   expect_batched  only the last event of each file must be acked or failed (a batching
 *                   pipeline acks a batch by its last event; default false)
 *
 * The codec defaults to `json`. The source sends the files' lines round robin, one event
 * each, the file's position as its stream and a running pull counter as its id (Tremor's
 * pull ids: every pull counts, the end of a file too). Once every file is exhausted it waits
 * up to `timeout` (not at all when every event is already answered) and then reports on
 * stderr, in Tremor's words,
 *
 *   All required CB events received.          (or: Expected CB events up to id {0: 6}.)
 *   Got acks: {0: [1, 3]}
 *   Got fails: {0: [0, 2]}
 *
 * (stream → pull ids, in the order they came) and stops the deployment gracefully, with
 * status 0 either way, as Tremor does.
 *
 * The source is transactional (runtime/tx.ts): whichever sinks its events reach answer them —
 * an auto-ack sink (stdio, file, …) acks each event it writes, this connector's own sink does
 * what the event says — through any number of pipelines; events dropped on the way are
 * answered by nobody.
 *
 * The sink reads the command of each event from `$cb`, else from the payload's `cb` field (of
 * a batch: the first entry that has one): a string or an array of them, "ack" (else "fail")
 * and "close"/"trigger" (else "open"/"restore"). An event without one is neither acked nor
 * failed. The ack or fail goes to the event's source, whichever it is.
 *
 * ```tremor
 * define connector cb from cb
 * with
 *   codec = "json",
 *   config = {"paths": ["in.json"], "timeout": 1000}
 * end;
 * create connector cb;
 * create pipeline main;
 * connect /connector/cb to /pipeline/main;
 * connect /pipeline/main to /connector/cb;
 * ```
 */
import os from 'node:os';
import { messageOf } from '../base/message-of.js';
import { readFile } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import type { TimerHandle } from '../base/clock.js';
import { stringify } from '../runtime/json.js';
import type { Origin } from '../runtime/origin.js';
import { bool, ConfigError, schema, strings } from '../runtime/schema.js';
import { isRecord, ownKey, type Value } from '../runtime/value.js';
import type { ConnectorContext, ConnectorType, PortEvent } from './connector.js';
import { duration, owner } from './config-fields.js';
import { EventDecoder } from './framing.js';
import { splitLines } from './replay.js';
import type { Event } from '../runtime/event.js';
import { ackTx, failTx, txOf, type TxSource } from '../runtime/tx.js';

export interface CbConfig {
  paths: string[];
  /** milliseconds */
  timeout: number;
  expectBatched: boolean;
}

/** stream → pull ids, in insertion order; printed as Rust prints a small halfbrown map */
class IdMap {
  readonly ids = new Map<number, number[]>();

  add(stream: number, id: number): void {
    const list = this.ids.get(stream);
    if (list) list.push(id);
    else this.ids.set(stream, [id]);
  }

  get count(): number {
    let n = 0;
    for (const l of this.ids.values()) n += l.length;
    return n;
  }

  toString(): string {
    return `{${[...this.ids].map(([s, l]) => `${s}: [${l.join(', ')}]`).join(', ')}}`;
  }
}

/** What the source keeps: what it sent, the acks and fails it got, and the verdict */
export class CbLedger implements TxSource {
  /** the last pull id sent per stream */
  readonly lastSent = new Map<number, number>();
  numSent = 0;
  finished = false;
  readonly acks = new IdMap();
  readonly fails = new IdMap();
  triggers = 0;
  restores = 0;

  constructor(private readonly expectBatched: boolean) {}

  sent(stream: number, id: number): void {
    this.numSent++;
    this.lastSent.set(stream, Math.max(this.lastSent.get(stream) ?? id, id));
  }

  ack(stream: number, pull: number): void {
    this.acks.add(stream, pull);
  }

  fail(stream: number, pull: number): void {
    this.fails.add(stream, pull);
  }

  receivedAll(): boolean {
    if (!this.finished) return false;
    if (!this.expectBatched) return this.acks.count + this.fails.count === this.numSent;
    const max = new Map<number, number>();
    for (const m of [this.acks, this.fails]) for (const [s, l] of m.ids) max.set(s, Math.max(max.get(s) ?? -Infinity, ...l));
    let received = 0;
    for (const [s, m] of max) if (this.lastSent.get(s) === m) received++;
    return received === this.lastSent.size;
  }

  /** Tremor's report lines */
  report(): string[] {
    const head = this.receivedAll() ? 'All required CB events received.' : `Expected CB events up to id {${[...this.lastSent].map(([s, id]) => `${s}: ${id}`).join(', ')}}.`;
    return [head, `Got acks: ${this.acks}`, `Got fails: ${this.fails}`];
  }
}

export class CbSource extends Readable {
  private files: Buffer[][] = [];
  private positions: number[] = [];
  private decoders: EventDecoder[] = [];
  private pullId = 0;
  private queue: PortEvent[] = [];
  private loaded = false;
  private done = false;
  private demand = false;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: CbConfig,
    private readonly ledger: CbLedger,
    private readonly origin: Origin,
  ) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
  }

  async load(): Promise<void> {
    for (const p of this.config.paths) {
      try {
        this.files.push(splitLines(await readFile(p)));
      } catch (e) {
        throw new Error(`The cb connector ${this.ctx.id} cannot read ${stringify(p)}: ${messageOf(e)}`);
      }
      this.positions.push(0);
      this.decoders.push(new EventDecoder(this.ctx, { origin: this.origin }));
    }
    this.loaded = true;
    this.pump();
  }

  /** stops replaying: what was sent so far is what is expected back */
  halt(): void {
    this.files = [];
    this.pump();
  }

  override _read(): void {
    this.demand = true;
    this.pump();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    if (this.timer !== null) this.ctx.clock.clearTimer(this.timer);
    cb(err);
  }

  private pump(): void {
    if (this.done || this.destroyed || !this.loaded) return;
    while (this.demand) {
      const pe = this.queue.shift();
      if (pe) {
        this.demand = this.push(pe);
        continue;
      }
      if (this.files.length === 0) return this.finish();
      this.pull();
    }
  }

  /** one pull: the next line of the next file round robin, or the end of that file */
  private pull(): void {
    const id = this.pullId++;
    const idx = this.ledger.numSent % this.files.length;
    const lines = this.files[idx];
    if (this.positions[idx] < lines.length) {
      const line = lines[this.positions[idx]++];
      this.ledger.sent(idx, id);
      for (const pe of this.decoders[idx].decode(line)) {
        pe.event.id = id;
        pe.event.tx = txOf(this.ledger, idx, id);
        this.queue.push(pe);
      }
    } else {
      // the file is exhausted: later files move up a place, as in Tremor
      this.files.splice(idx, 1);
      this.positions.splice(idx, 1);
      for (const pe of this.decoders.splice(idx, 1)[0].finish()) this.queue.push(pe);
    }
  }

  /**
   * every file is replayed: wait for the answers (up to `timeout`), report, stop. The source
   * stays open meanwhile (Tremor waits inside its last pull), so the flow keeps running.
   */
  private finish(): void {
    this.done = true;
    this.ledger.finished = true;
    const decide = () => {
      this.timer = null;
      for (const line of this.ledger.report()) this.ctx.report(line);
      this.push(null);
      this.ctx.exit(0, true);
    };
    if (this.config.timeout > 0 && !this.ledger.receivedAll()) this.timer = this.ctx.clock.setTimer(decide, this.config.timeout);
    else decide();
  }
}

/** the command strings of a `cb` value: a string or an array of them */
function commands(v: Value | undefined): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** the `cb` command of an event: from `$cb`, else the payload's `cb`; of a batch, its first entry that has one */
function commandOf(event: Event): Value | undefined {
  const pairs: [Value, Value][] = event.batch && Array.isArray(event.data) ? event.data.map(batchEntry) : [[event.data, event.meta]];
  for (const [data, meta] of pairs) {
    const cmd = (isRecord(meta) ? ownKey(meta, 'cb') : undefined) ?? (isRecord(data) ? ownKey(data, 'cb') : undefined);
    if (cmd !== undefined) return cmd;
  }
  return undefined;
}

/** a `generic::batch` entry `{"data": {"value", "meta"}}` as (value, meta) */
function batchEntry(entry: Value): [Value, Value] {
  const d = isRecord(entry) && isRecord(entry.data) ? entry.data : {};
  return [d.value ?? null, d.meta ?? null];
}

/** the sink: an event's `cb` command decides its ack or fail, and circuit-breaker signals */
export class CbSink extends Writable {
  constructor(
    private readonly ctx: ConnectorContext,
    private readonly ledger: CbLedger,
  ) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
  }

  override _write(chunk: PortEvent, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    const cmd = commandOf(chunk.event);
    if (cmd !== undefined) {
      const cmds = commands(cmd);
      if (cmds.includes('ack')) ackTx(chunk.event.tx);
      else if (cmds.includes('fail')) failTx(chunk.event.tx);
      // Tremor's words: a breaker "closes" (trigger) to stop the traffic and "opens" (restore)
      if (cmds.includes('close') || cmds.includes('trigger')) {
        this.ledger.triggers++;
        this.ctx.breaker?.(true);
      } else if (cmds.includes('open') || cmds.includes('restore')) {
        this.ledger.restores++;
        this.ctx.breaker?.(false);
      }
    }
    cb();
  }
}

const CONFIG = schema({
  path: strings({ required: true, aliases: ['paths'], doc: 'the file, or files, to replay (0.13: `paths`, an array)' }),
  timeout: duration('milliseconds', { default: 10_000, tremor: '10000000000 (ns)', doc: 'how long to wait for the acks and fails after the replay' }),
  expect_batched: bool({ default: false, doc: 'only the last event of each file must be acked or failed' }),
});

export const cb: ConnectorType<CbConfig> = {
  name: 'cb',
  summary: "test connector: replays files and checks every event is acked or failed (Tremor's cb)",
  codec: 'optional',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  validate(config: Value): CbConfig {
    const c = CONFIG.read(owner('cb'), config);
    if (c.path.length === 0 || c.path.some((p) => p === '')) throw new ConfigError('`path` (or `paths`) of a cb connector must name at least one file, and no empty ones', 'invalid', 'path');
    return { paths: c.path, timeout: c.timeout, expectBatched: c.expect_batched };
  },
  create(ctx, config) {
    const c: ConnectorContext = ctx.codec ? ctx : { ...ctx, codec: { name: 'json', config: null } };
    const ledger = new CbLedger(config.expectBatched);
    const origin: Origin = { scheme: 'tremor-cb', host: os.hostname(), port: null, path: [ctx.id] };
    const source = new CbSource(c, config, ledger, origin);
    const sink = new CbSink(c, ledger);
    return { source, sink, start: () => source.load(), stop: async () => source.halt() };
  },
};
