/**
 * kv: a persistent key-value store (LMDB, through `lmdb`) driven by events.
 *
 * Config:
 *   path   required, the store's directory (relative to the working directory; created if missing)
 *
 * Structured (no codec). Each event reaching the sink is one command, read from its metadata
 * `$kv` (the first of get, put, swap, cas, delete, scan, Tremor's order); the payload is the
 * value operand. Replies (port `out`):
 *
 *   {"get": k}              the stored value or null
 *   {"put": k}, {"swap": k} store the payload; the old value or null
 *   {"cas": k, "old": v}    store the payload only if the current value equals `v` (Tremor's
 *                           `==`; `old` null or absent: only if the key is absent or null); null
 *   {"delete": k}           the removed value or null
 *   {"scan": {"start"?: k, "end"?: k}} (or Tremor's `{"scan": start, "end"?: end}`): one reply
 *                           `{"key", "value"}` per entry in [start, end), byte order; none if empty
 *
 * Keys are strings (stored as UTF-8) or binaries of 1–1978 bytes (LMDB's limit); scanned keys
 * come back as strings when they are UTF-8. Values are stored as exact JSON (64-bit integers
 * survive; binaries become base64 strings, as in Tremor). Reply metadata is
 * `{"kv": {"op", "key"}, "correlation": <the request's $correlation>}`. Failures (no or bad
 * command, bad key, cas mismatch, store errors) go to `err` as `{"error", "event"}` with the
 * same metadata plus `error`, like the connector error events of framing.ts.
 *
 * ```tremor
 * define connector store from kv
 * with
 *   config = {"path": "state"}
 * end;
 * ```
 *
 * Durability: each batch of queued commands runs in one synchronous LMDB write transaction, so
 * a reply is only produced once its write has committed, and a crash (even kill -9) leaves the
 * store at the last committed batch. Replies are produced only when the source part is being
 * read (the flow pipes it only when something is connected to `out`/`err`, as Tremor's kv only
 * replies when its output reaches a sink); otherwise failures are reported. A full reply
 * stream holds back the sink (its write callback waits for `_read`). The source ends when the
 * sink does (the flow's drain), and the store is closed then.
 */
import os from 'node:os';
import { messageOf } from '../base/message-of.js';
import { mkdirSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { Readable, Writable } from 'node:stream';
import { open, type Database } from 'lmdb';
import { newEvent, type Event } from '../runtime/event.js';
import { parseJson, stringify } from '../runtime/json.js';
import { clone, eq, hasKey, isRecord, typeName, type Rec, type Value } from '../runtime/value.js';
import { schema } from '../runtime/schema.js';
import type { ConnectorContext, ConnectorType, PortEvent } from './connector.js';
import { owner, path } from './config-fields.js';

export interface KvConfig {
  path: string;
}

type Op = 'get' | 'put' | 'swap' | 'cas' | 'delete' | 'scan';
const OPS: readonly Op[] = ['get', 'put', 'swap', 'cas', 'delete', 'scan'];
const MAX_KEY = 1978;

interface Command {
  op: Op;
  /** the key as the request gave it (for reply metadata) */
  key: Value;
  bytes: Buffer;
  /** scan bounds (null: open) */
  start?: Buffer | null;
  end?: Buffer | null;
  /** cas: the expected value, undefined when absent */
  old?: Value;
}

class KvFailure extends Error {
  constructor(
    message: string,
    readonly op: Op | null = null,
    readonly key: Value = null,
  ) {
    super(message);
  }
}

function keyBytes(k: Value, op: Op, what = 'key'): Buffer {
  let b: Buffer;
  if (typeof k === 'string') b = Buffer.from(k, 'utf8');
  else if (k instanceof Uint8Array) b = Buffer.from(k.buffer, k.byteOffset, k.byteLength);
  else throw new KvFailure(`The kv ${what} of \`${op}\` must be a string or binary, not ${typeName(k)}`, op, k);
  if (b.length === 0 && what === 'key') throw new KvFailure(`The kv key of \`${op}\` must not be empty`, op, k);
  if (b.length > MAX_KEY) throw new KvFailure(`The kv ${what} of \`${op}\` is longer than ${MAX_KEY} bytes`, op, k);
  return b;
}

/** the command of an event's `$kv`, or a KvFailure saying what is wrong with it */
export function parseCommand(meta: Rec): Command {
  const kv = hasKey(meta, 'kv') ? meta.kv : undefined;
  if (!isRecord(kv)) throw new KvFailure(`Missing or invalid \`$kv\` metadata: expected a record with one of ${OPS.join(', ')}`);
  const op = OPS.find((o) => hasKey(kv, o));
  if (!op) throw new KvFailure(`Unknown kv command ${stringify(kv)}: expected one of ${OPS.join(', ')}`);
  const arg = kv[op];
  if (op !== 'scan') {
    const cmd: Command = { op, key: arg, bytes: keyBytes(arg, op) };
    if (op === 'cas' && hasKey(kv, 'old')) cmd.old = kv.old;
    return cmd;
  }
  // `{"scan": {"start", "end"}}`, or Tremor's `{"scan": start, "end": end}`
  const range: Rec = isRecord(arg) ? arg : { start: arg, ...(hasKey(kv, 'end') ? { end: kv.end } : {}) };
  const bound = (k: 'start' | 'end') => (range[k] === undefined || range[k] === null ? null : keyBytes(range[k], op, `scan ${k}`));
  // an empty start is the beginning (Tremor's `{"scan": ""}`)
  const start = bound('start');
  return { op, key: null, bytes: Buffer.alloc(0), start: start && start.length > 0 ? start : null, end: bound('end') };
}

/** a key read back from the store: text when it is UTF-8, else a binary */
function keyValue(b: Buffer): Value {
  return isUtf8(b) ? b.toString('utf8') : new Uint8Array(b);
}

interface Reply {
  port: 'out' | 'err';
  data: Value;
  op: Op | null;
  key: Value;
}

/** the store: exact JSON values under byte keys */
class Store {
  constructor(private readonly db: Database<Buffer, Buffer>) {}

  private read(k: Buffer): Value | undefined {
    const v = this.db.get(k);
    return v === undefined ? undefined : parseJson(v.toString('utf8'));
  }

  private write(k: Buffer, v: Value): void {
    this.db.putSync(k, Buffer.from(stringify(v), 'utf8'));
  }

  /** runs one command inside the current transaction */
  run(c: Command, payload: Value): Reply[] {
    const ok = (data: Value, key: Value = c.key): Reply => ({ port: 'out', data, op: c.op, key });
    switch (c.op) {
      case 'get':
        return [ok(this.read(c.bytes) ?? null)];
      case 'put':
      case 'swap': {
        const old = this.read(c.bytes) ?? null;
        this.write(c.bytes, payload);
        return [ok(old)];
      }
      case 'delete': {
        const old = this.read(c.bytes);
        if (old !== undefined) this.db.removeSync(c.bytes);
        return [ok(old ?? null)];
      }
      case 'cas': {
        const cur = this.read(c.bytes);
        const expected = c.old ?? null;
        const matches = expected === null ? cur === undefined || cur === null : cur !== undefined && eq(cur, expected);
        if (!matches) throw new KvFailure(`CAS error: expected ${stringify(expected)} but found ${cur === undefined ? 'no value' : stringify(cur)}.`, c.op, c.key);
        this.write(c.bytes, payload);
        return [ok(null)];
      }
      case 'scan': {
        if (c.end && (c.end.length === 0 || (c.start && Buffer.compare(c.start, c.end) >= 0))) return [];
        const out: Reply[] = [];
        for (const { key, value } of this.db.getRange({ start: c.start ?? undefined, end: c.end ?? undefined })) {
          const k = keyValue(key);
          out.push(ok({ key: k, value: parseJson(value.toString('utf8')) }, k));
        }
        return out;
      }
    }
  }
}

function failure(e: unknown): KvFailure {
  return e instanceof KvFailure ? e : new KvFailure(messageOf(e));
}

export class KvConnector {
  readonly source: Readable;
  readonly sink: Writable;
  private db: Database<Buffer, Buffer> | null = null;
  private store: Store | null = null;
  /** a write callback held while the reply stream is full */
  private held: (() => void) | null = null;
  private nextId = 0;
  private readonly origin;

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly config: KvConfig,
  ) {
    this.origin = { scheme: 'tremor-kv', host: os.hostname(), port: null, path: [config.path] };
    const self = this;
    this.source = new Readable({
      objectMode: true,
      highWaterMark: ctx.highWaterMark,
      read: () => this.release(),
      destroy: (err, cb) => {
        this.release();
        cb(err);
      },
    });
    this.sink = new Writable({
      objectMode: true,
      highWaterMark: ctx.highWaterMark,
      writev(chunks: { chunk: PortEvent }[], cb) {
        self.handle(chunks.map((c) => c.chunk.event), cb);
      },
      final(cb) {
        self.source.push(null);
        self.close().then(() => cb(), cb);
      },
      destroy(err, cb) {
        self.release();
        self.close().then(() => cb(err), (e: Error) => cb(err ?? e));
      },
    });
  }

  /** opens (creating) the store */
  start(): void {
    try {
      mkdirSync(this.config.path, { recursive: true });
      this.db = open<Buffer, Buffer>({ path: this.config.path, noSubdir: false, keyEncoding: 'binary', encoding: 'binary' });
    } catch (e) {
      throw new Error(`The kv connector ${this.ctx.id} cannot open the store ${stringify(this.config.path)}: ${messageOf(e)}`);
    }
    this.store = new Store(this.db);
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    this.store = null;
    if (db) await db.close();
  }

  private release(): void {
    const cb = this.held;
    this.held = null;
    cb?.();
  }

  /** runs a batch of commands, then hands their replies on */
  private handle(events: Event[], cb: (e?: Error | null) => void): void {
    const store = this.store;
    if (!store) return cb(new Error(`The kv connector ${this.ctx.id} is not open`));
    const cmds = events.map((ev) => {
      try {
        return parseCommand(ev.meta);
      } catch (e) {
        return failure(e);
      }
    });
    const runOne = (c: Command | KvFailure, ev: Event): Reply[] => {
      if (c instanceof KvFailure) return [this.errorReply(c, ev)];
      try {
        return store.run(c, ev.data);
      } catch (e) {
        if (!(e instanceof KvFailure)) throw e;
        return [this.errorReply(e, ev)];
      }
    };
    let replies: Reply[][];
    try {
      // one commit for the whole batch; KvFailures are replies, not aborts
      replies = this.db!.transactionSync(() => cmds.map((c, i) => runOne(c, events[i])));
    } catch {
      // a store error aborted the batch: redo it one command per transaction, so that only
      // the failing commands fail
      replies = cmds.map((c, i) => {
        try {
          return this.db!.transactionSync(() => runOne(c, events[i]));
        } catch (e) {
          return [this.errorReply(new KvFailure(failure(e).message, c.op, c.key), events[i])];
        }
      });
    }
    let room = true;
    replies.forEach((rs, i) => {
      for (const r of rs) room = this.emit(r, events[i]);
    });
    // the callback waits a microtask so that commands written meanwhile queue up and the next
    // `writev` commits them together (a synchronous callback would mean one commit per event)
    if (room) queueMicrotask(() => cb());
    else this.held = () => cb();
  }

  private errorReply(f: KvFailure, ev: Event): Reply {
    return { port: 'err', data: { error: f.message, event: ev.data }, op: f.op, key: f.key };
  }

  /** pushes one reply when the source is read (else reports failures); false when full */
  private emit(r: Reply, req: Event): boolean {
    if (this.source.readableFlowing === null || this.source.destroyed) {
      if (r.port === 'err') this.ctx.report(`${this.ctx.id}: ${(r.data as Rec).error}`);
      return true;
    }
    const meta: Rec = { kv: r.op === null ? null : { op: r.op, key: r.key } };
    if (hasKey(req.meta, 'correlation')) meta.correlation = clone(req.meta.correlation);
    if (r.port === 'err') meta.error = (r.data as Rec).error;
    return this.source.push({ port: r.port, event: newEvent(r.data, this.ctx.clock.wallNs(), this.nextId++, meta, this.origin) } satisfies PortEvent);
  }
}

const CONFIG = schema({
  path: path({ required: true, what: 'a directory', doc: "the store's directory (created if missing)" }),
});

export const kv: ConnectorType<KvConfig> = {
  name: 'kv',
  summary: 'a persistent key-value store: commands in `$kv`, replies on `out`',
  codec: 'none',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  validate(config: Value): KvConfig {
    return CONFIG.read(owner('kv'), config) as KvConfig;
  },
  create(ctx, config) {
    const k = new KvConnector(ctx, config);
    return {
      source: k.source,
      sink: k.sink,
      start: async () => k.start(),
      // nothing to do: replies may still come for the commands in flight, so the source
      // ends when the sink does (once every link into it has drained, or the flow ends a
      // cycle through it: every command runs synchronously, so buffers show all its work)
      stop: async () => {},
      replies: true,
    };
  },
};
