/**
 * The kv connector's commands and replies, in Tremor's shapes (`kv.rs`; deployment reference
 * §3.6). A command is the request event's `$kv` record; the first of `get`, `put`, `swap`,
 * `cas`, `delete`, `scan` whose value is a string or a binary is the command (a key of another
 * type is skipped, as Tremor's `get_bytes` skips it), and the payload is the value operand:
 *
 *   {"get": k}                   reply: the stored value, or null
 *   {"put": k}                   stores the payload; reply: the payload (the new value)
 *   {"swap": k}                  stores the payload; reply: the old value, or null
 *   {"cas": k, "old"?: v}        stores the payload if the stored value is `v` (without `old`:
 *                                if there is none); reply: null; a mismatch fails
 *   {"delete": k}                reply: the removed value, or null
 *   {"scan": start, "end"?: e}   one reply per entry in [start, e) (or from start on), byte
 *                                order, the entry's value; `""` is the beginning
 *
 * Every reply's metadata is `{"kv": {"op": <op>, "ok": <the key as a binary>}}` (for a scan the
 * entry's key) plus the request's `$correlation`. A failure is a `null` payload with the
 * metadata `{"error": <message>, "kv": {"op", "key": <the key as an array of byte values>}}`
 * (`"kv": null` when no command could be read) plus `$correlation`.
 */
import { stringify } from '../runtime/json.js';
import { hasKey, isRecord, type Rec, type Value } from '../runtime/value.js';

export type Op = 'get' | 'put' | 'swap' | 'cas' | 'delete' | 'scan';
export const OPS: readonly Op[] = ['get', 'put', 'swap', 'cas', 'delete', 'scan'];

/** LMDB's longest key (Tremor's sled has no limit) */
export const MAX_KEY = 1978;

export interface Command {
  op: Op;
  /** the key (for scan: the start; empty is the beginning) */
  key: Buffer;
  /** scan: the exclusive end, or null for none */
  end?: Buffer | null;
  /** cas: the expected value; undefined when `old` is absent (the key must not exist) */
  old?: Value;
}

/** a command that cannot run: `op` and `key` are set once a command was read */
export class KvFailure extends Error {
  constructor(
    message: string,
    readonly op: Op | null = null,
    readonly key: Buffer | null = null,
  ) {
    super(message);
  }
}

/** a string or binary as bytes (Tremor's `get_bytes`), else undefined */
export function bytesOf(v: Value | undefined): Buffer | undefined {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return undefined;
}

/** how Tremor prints a value in a message: strings bare, everything else as JSON */
export function display(v: Value): string {
  return typeof v === 'string' ? v : stringify(v);
}

/** the command of an event's metadata, or a KvFailure saying what is wrong with it */
export function parseCommand(meta: Rec): Command {
  if (!hasKey(meta, 'kv')) throw new KvFailure('Missing `$kv` field for commands');
  const kv = meta.kv;
  const op = isRecord(kv) ? OPS.find((o) => hasKey(kv, o) && bytesOf(kv[o]) !== undefined) : undefined;
  if (!op || !isRecord(kv)) throw new KvFailure(`Invalid KV command: ${display(kv)}`);
  const key = bytesOf(kv[op])!;
  // what LMDB cannot store is a failure of that command (sled takes any key)
  if (op !== 'scan' && key.length === 0) throw new KvFailure(`The kv key of \`${op}\` must not be empty (LMDB cannot store an empty key)`, op, key);
  if (key.length > MAX_KEY) throw new KvFailure(`The kv key of \`${op}\` is longer than ${MAX_KEY} bytes (LMDB's limit)`, op, key);
  const cmd: Command = { op, key };
  if (op === 'scan') cmd.end = hasKey(kv, 'end') ? (bytesOf(kv.end) ?? null) : null;
  if (op === 'cas' && hasKey(kv, 'old')) cmd.old = kv.old;
  return cmd;
}

/** the metadata of a reply to `cmd` for `key` (a scan's entry key) */
export function okMeta(op: Op, key: Buffer): Rec {
  return { kv: { op, ok: new Uint8Array(key) } };
}

/** the metadata of a failure: the key as an array of byte values, as Tremor's `Vec<u8>` becomes */
export function errorMeta(f: KvFailure): Rec {
  return { error: f.message, kv: f.op === null ? null : { op: f.op, key: f.op === 'scan' || f.key === null ? null : [...f.key] } };
}
