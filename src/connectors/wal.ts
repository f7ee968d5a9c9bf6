/**
 * wal: a write-ahead log (Tremor's `wal` connector, on its `qwal` crate): events written to its
 * `in` are kept on disk until the sinks behind its `out` have acked them, so a flow survives a
 * failing sink, or a crash, without losing what it had taken in.
 *
 * Config:
 *   dir         required (0.13: `path`), the log's directory (created when missing)
 *   chunk_size  required, bytes per chunk file (a larger event gets a chunk to itself)
 *   max_chunks  required, chunk files at most: when they are full of unacked events the sink
 *               holds back its writers (backpressure) until acks free a chunk
 *
 * Sink (`in`): each event (payload, metadata, ingest time) is appended durably, then acked
 * upstream — the wal is where delivery is guaranteed from. Source (`out`): transactional
 * (runtime/tx.ts), it sends the events in order; an ack of event n (Tremor's: every event up
 * to n) advances the log's ack position on disk, a fail rewinds it: every event after the last
 * acked one is sent again, in order (at least once: the ones already delivered come twice).
 * After a fail the source waits before sending again — 100 ms, doubling on each fail in a
 * row up to 5 s, reset by an ack — so a sink whose endpoint is down is retried, not flooded:
 * a circuit breaker local to the wal, its opening ("circuit open") and closing ("circuit
 * closed") reported. After a restart (a crash, kill -9 included) the
 * source starts after the last ack on disk.
 *
 * Acks and fails are per delivery round: after a rewind, late answers for events sent before
 * it are ignored (they are being sent again anyway), so a late ack cannot skip a failed event.
 *
 * Codec: none (events are stored whole, as msgpack of `{data, meta, ingest_ns}`).
 *
 * ```tremor
 * define connector wal from wal
 * with
 *   config = {"dir": "wal", "chunk_size": 1048576, "max_chunks": 100}
 * end;
 * ```
 */
import { Readable, Writable } from 'node:stream';
import type { TimerHandle } from '../base/clock.js';
import { messageOf } from '../base/message-of.js';
import { createCodec } from '../codecs/index.js';
import type { Codec } from '../codecs/codec.js';
import { newEvent, type Event } from '../runtime/event.js';
import { stringify } from '../runtime/json.js';
import { int, schema } from '../runtime/schema.js';
import { ackTx, failTx, txOf, type TxSource } from '../runtime/tx.js';
import { intFromBig, isInt, isRecord, toBig, type Rec, type Value } from '../runtime/value.js';
import type { ConnectorContext, ConnectorType, PortEvent } from './connector.js';
import { owner, path } from './config-fields.js';
import { WalLog } from './wal/log.js';

export interface WalConfig {
  dir: string;
  chunkSize: number;
  maxChunks: number;
}

const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 5000;
/** events read from disk per refill of the source */
const READ_BATCH = 64;

/** the stored form of an event */
function toRecord(ev: Event): Value {
  return { data: ev.data, meta: ev.meta, ingest_ns: typeof ev.ingestNs === 'bigint' ? intFromBig(ev.ingestNs) : ev.ingestNs };
}

function fromRecord(v: Value, id: number): Event {
  const r: Rec = isRecord(v) ? v : {};
  const ns = r.ingest_ns;
  return newEvent(r.data ?? null, typeof ns === 'number' ? ns : isInt(ns) ? toBig(ns) : 0, id, isRecord(r.meta) ? r.meta : {});
}

/** one delivery round of the source: answers for events of an earlier round are ignored */
class Round implements TxSource {
  constructor(private readonly source: WalSource) {}
  ack(_stream: number, pull: number): void {
    this.source.answered(this, pull, true);
  }
  fail(_stream: number, pull: number): void {
    this.source.answered(this, pull, false);
  }
}

export class WalSource extends Readable {
  private round = new Round(this);
  /** the next sequence number to send */
  private cursor: number;
  private demand = false;
  private paused: TimerHandle | null = null;
  private backoff = FIRST_BACKOFF_MS;
  private ended = false;
  /** called after an ack has advanced the log (chunks may have been freed) */
  onAcked: () => void = () => {};

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly log: WalLog,
    private readonly codec: Codec,
  ) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
    this.cursor = log.acked;
  }

  override _read(): void {
    this.demand = true;
    this.pump();
  }

  /** the sink appended: send it if the consumer waits */
  appended(): void {
    this.pump();
  }

  /** the sink ended: once everything stored is sent, end too */
  finish(): void {
    this.ended = true;
    this.pump();
  }

  answered(round: Round, seq: number, ok: boolean): void {
    if (round !== this.round || this.destroyed) return;
    if (ok) {
      this.log.ack(seq);
      this.backoff = FIRST_BACKOFF_MS;
      this.onAcked();
      return;
    }
    // rewind: every unacked event goes again, after a pause
    this.round = new Round(this);
    this.cursor = this.log.acked;
    if (this.paused !== null) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF_MS);
    this.ctx.report(`${this.ctx.id}: event ${seq} failed: circuit open, sending again from event ${this.cursor} in ${wait} ms`);
    this.paused = this.ctx.clock.setTimer(() => {
      this.paused = null;
      this.ctx.report(`${this.ctx.id}: circuit closed: sending again from event ${this.cursor}`);
      this.pump();
    }, wait);
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    if (this.paused !== null) this.ctx.clock.clearTimer(this.paused);
    this.paused = null;
    cb(err);
  }

  private pump(): void {
    while (this.demand && this.paused === null && !this.destroyed) {
      const batch = this.log.read(this.cursor, READ_BATCH);
      if (batch.length === 0) {
        if (this.ended && this.log.pending === 0) {
          this.demand = false;
          this.push(null);
        }
        return;
      }
      for (const { seq, payload } of batch) {
        this.cursor = seq + 1;
        let ev: Event;
        try {
          ev = fromRecord(this.codec.decode(payload) ?? null, seq);
        } catch (e) {
          this.ctx.report(`${this.ctx.id}: event ${seq} cannot be read back (${messageOf(e)}); it is skipped`);
          this.log.ack(seq);
          continue;
        }
        ev.tx = txOf(this.round, 0, seq);
        if (!this.push({ port: 'out', event: ev })) {
          this.demand = false;
          break;
        }
      }
    }
  }
}

export class WalSink extends Writable {
  private held: { bytes: number; cb: () => void } | null = null;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly log: WalLog,
    private readonly codec: Codec,
    private readonly source: WalSource,
  ) {
    super({ objectMode: true, highWaterMark: ctx.highWaterMark });
  }

  override _write(chunk: PortEvent, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    let payload: Uint8Array;
    try {
      payload = this.codec.encode(toRecord(chunk.event));
    } catch (e) {
      this.ctx.report(`${this.ctx.id}: cannot store an event: ${messageOf(e)}`);
      failTx(chunk.event.tx);
      return cb();
    }
    const store = () => {
      try {
        this.log.append(payload);
      } catch (e) {
        failTx(chunk.event.tx);
        return cb(new Error(`The wal connector ${this.ctx.id} cannot write to ${stringify(this.log.dir)}: ${messageOf(e)}`));
      }
      ackTx(chunk.event.tx);
      this.source.appended();
      cb();
    };
    if (this.log.room(payload.length)) store();
    else this.held = { bytes: payload.length, cb: store };
  }

  /** acks freed chunks: a held write goes on */
  retry(): void {
    const h = this.held;
    if (h && this.log.room(h.bytes)) {
      this.held = null;
      h.cb();
    }
  }

  override _final(cb: (e?: Error | null) => void): void {
    this.source.finish();
    cb();
  }
}

const CONFIG = schema({
  dir: path({ required: true, what: 'a directory', aliases: ['path'], doc: "the log's directory (created when missing)" }),
  chunk_size: int({ required: true, min: 1, doc: 'bytes per chunk file (a larger event gets a chunk of its own)' }),
  max_chunks: int({ required: true, min: 1, doc: 'chunk files at most; when they are full of unacked events, writers wait' }),
});

export const wal: ConnectorType<WalConfig> = {
  name: 'wal',
  summary: "a write-ahead log on disk: events are kept until acked downstream (Tremor's wal)",
  codec: 'none',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  validate(config: Value): WalConfig {
    const c = CONFIG.read(owner('wal'), config);
    return { dir: c.dir, chunkSize: c.chunk_size, maxChunks: c.max_chunks };
  },
  create(ctx, config) {
    const log = WalLog.open(config.dir, config.chunkSize, config.maxChunks);
    const codec = createCodec({ name: 'msgpack', config: null });
    const source = new WalSource(ctx, log, codec);
    const sink = new WalSink(ctx, log, codec, source);
    // acks free chunks: a writer held for room may go on
    source.onAcked = () => sink.retry();
    source.once('close', () => log.close());
    return { source, sink, stop: async () => source.finish() };
  },
};
