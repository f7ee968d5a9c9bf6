/**
 * kv: a persistent key-value store (LMDB, through `lmdb`) driven by events, with Tremor's
 * commands and replies (src/connectors/kv-command.ts has them).
 *
 * Config:
 *   dir     required (0.13: `path`), the store's directory (relative to the working
 *           directory); it must exist, as in Tremor
 *   create  create the directory when it is missing (default false; ours, not Tremor's)
 *
 * Structured (no codec). Each event reaching the sink is one command, read from its metadata
 * `$kv`; the payload is the value operand. Replies leave on `out`, failures on `err`. Values
 * are stored as sorted JSON, as Tremor stores them (64-bit integers survive; binaries become
 * base64 strings), so a record read back has its keys in order. Keys are strings (stored as
 * UTF-8) or binaries of 1–1978 bytes: LMDB's limits, where Tremor's sled has none.
 *
 * ```tremor
 * define connector store from kv
 * with
 *   config = {"dir": "state"}
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
import { mkdirSync, statSync } from 'node:fs';
import { Readable, Writable } from 'node:stream';
import type { Database } from 'lmdb';
import { lazyModule } from '../base/lazy-module.js';
import { newEvent, type Event } from '../runtime/event.js';
import { parseJson, stringify, stringifySorted } from '../runtime/json.js';
import { clone, hasKey, type Rec, type Value } from '../runtime/value.js';
import { bool, ConfigError, schema } from '../runtime/schema.js';
import type { ConnectorContext, ConnectorType, PortEvent } from './connector.js';
import { owner, path } from './config-fields.js';
import { display, errorMeta, KvFailure, okMeta, parseCommand, type Command } from './kv-command.js';
import { ackTx, failTx } from '../runtime/tx.js';

const lmdb = lazyModule<typeof import('lmdb')>('lmdb');

export { parseCommand };

export interface KvConfig {
  dir: string;
  create: boolean;
}

interface Reply {
  port: 'out' | 'err';
  data: Value;
  meta: Rec;
}

/** the store: sorted JSON values under byte keys */
class Store {
  constructor(private readonly db: Database<Buffer, Buffer>) {}

  private read(k: Buffer): Value | undefined {
    const v = this.db.get(k);
    return v === undefined ? undefined : parseJson(v.toString('utf8'));
  }

  private write(k: Buffer, v: Value): void {
    this.db.putSync(k, Buffer.from(stringifySorted(v), 'utf8'));
  }

  /** runs one command inside the current transaction */
  run(c: Command, payload: Value): Reply[] {
    const ok = (data: Value, key: Buffer = c.key): Reply => ({ port: 'out', data, meta: okMeta(c.op, key) });
    switch (c.op) {
      case 'get':
        return [ok(this.read(c.key) ?? null)];
      case 'put':
        this.write(c.key, payload);
        return [ok(payload)];
      case 'swap': {
        const old = this.read(c.key) ?? null;
        this.write(c.key, payload);
        return [ok(old)];
      }
      case 'delete': {
        const old = this.read(c.key);
        if (old !== undefined) this.db.removeSync(c.key);
        return [ok(old ?? null)];
      }
      case 'cas': {
        // sled compares the encoded bytes: `old` absent means "no value", `null` means null
        const raw = this.db.get(c.key);
        const want = c.old === undefined ? undefined : stringifySorted(c.old);
        if ((raw === undefined ? undefined : raw.toString('utf8')) !== want) {
          const found = raw === undefined ? null : parseJson(raw.toString('utf8'));
          throw new KvFailure(`CAS error: expected ${display(payload)} but found ${display(found)}.`, c.op, c.key);
        }
        this.write(c.key, payload);
        return [ok(null)];
      }
      case 'scan': {
        const start = c.key.length > 0 ? c.key : undefined;
        if (c.end && (c.end.length === 0 || (start && Buffer.compare(start, c.end) >= 0))) return [];
        const out: Reply[] = [];
        for (const { key, value } of this.db.getRange({ start, end: c.end ?? undefined })) out.push(ok(parseJson(value.toString('utf8')), key));
        return out;
      }
    }
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
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
    this.origin = { scheme: 'tremor-kv', host: os.hostname(), port: null, path: config.dir.split('/') };
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
        self.handle(
          chunks.map((c) => c.chunk.event),
          cb,
        );
      },
      final(cb) {
        self.source.push(null);
        self.close().then(() => cb(), cb);
      },
      destroy(err, cb) {
        self.release();
        self.close().then(
          () => cb(err),
          (e: Error) => cb(err ?? e),
        );
      },
    });
  }

  /** opens the store (creating its directory first when `create` says so) */
  start(): void {
    const { dir } = this.config;
    try {
      if (this.config.create) mkdirSync(dir, { recursive: true });
      this.db = lmdb().open<Buffer, Buffer>({ path: dir, noSubdir: false, keyEncoding: 'binary', encoding: 'binary' });
    } catch (e) {
      throw new Error(`The kv connector ${this.ctx.id} cannot open the store ${stringify(dir)}: ${messageOf(e)}`);
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
      if (c instanceof KvFailure) return [this.errorReply(c)];
      try {
        return store.run(c, ev.data);
      } catch (e) {
        if (!(e instanceof KvFailure)) throw e;
        return [this.errorReply(e)];
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
          return [this.errorReply(new KvFailure(failure(e).message, c.op, c.key))];
        }
      });
    }
    let room = true;
    replies.forEach((rs, i) => {
      // committed: acked; a command that failed (its reply on `err`): failed
      const tx = events[i].tx;
      if (tx) (rs.some((r) => r.port === 'err') ? failTx : ackTx)(tx);
      for (const r of rs) room = this.emit(r, events[i]);
    });
    // the callback waits a microtask so that commands written meanwhile queue up and the next
    // `writev` commits them together (a synchronous callback would mean one commit per event)
    if (room) queueMicrotask(() => cb());
    else this.held = () => cb();
  }

  private errorReply(f: KvFailure): Reply {
    return { port: 'err', data: null, meta: errorMeta(f) };
  }

  /** pushes one reply when the source is read (else reports failures); false when full */
  private emit(r: Reply, req: Event): boolean {
    if (this.source.readableFlowing === null || this.source.destroyed) {
      if (r.port === 'err') this.ctx.report(`${this.ctx.id}: ${r.meta.error}`);
      return true;
    }
    const meta = r.meta;
    if (hasKey(req.meta, 'correlation')) meta.correlation = clone(req.meta.correlation);
    return this.source.push({ port: r.port, event: newEvent(r.data, this.ctx.clock.wallNs(), this.nextId++, meta, this.origin) } satisfies PortEvent);
  }
}

const CONFIG = schema({
  dir: path({ required: true, what: 'a directory', aliases: ['path'], doc: "the store's directory; it must exist unless `create` is set" }),
  create: bool({ default: false, tremor: '(none: the directory must exist)', doc: "create the store's directory when it is missing" }),
});

export const kv: ConnectorType<KvConfig> = {
  name: 'kv',
  summary: 'a persistent key-value store: commands in `$kv`, replies on `out`',
  codec: 'none',
  outputs: () => ['out', 'err'],
  inputs: () => ['in'],
  config: CONFIG,
  validate(config: Value): KvConfig {
    const c = CONFIG.read(owner('kv'), config) as KvConfig;
    // Tremor checks the directory when the connector is built, so a typo fails the deployment
    if (!c.create && !isDir(c.dir)) throw new ConfigError(`Invalid \`dir\` of a kv connector: ${stringify(c.dir)} is not a directory or not accessible (set "create": true to create it)`, 'invalid', 'dir');
    return c;
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
