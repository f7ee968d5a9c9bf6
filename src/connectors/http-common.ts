/**
 * What http_client and http_server share (deployment reference §3.7, §4.2): the mime map that
 * picks a codec per message from its `content-type`, header conversion between Tremor values
 * (`{name: [values]}`) and Node/undici headers, one-shot body encoding and decoding through
 * the connector's codec and interceptors, and `ReplySource`, the source part that carries
 * what a request/response connector receives.
 *
 * A body is one self-contained unit (Tremor's anonymous stream): it gets a fresh codec and
 * interceptor chain, which is flushed right away, so nothing leaks from one message into the
 * next and several requests can be in flight at once.
 */
import { Readable } from 'node:stream';
import { codecType, createCodec } from '../codecs/index.js';
import type { Named } from '../codecs/codec.js';
import type { Origin } from '../runtime/origin.js';
import { newEvent } from '../runtime/event.js';
import { stringify } from '../runtime/json.js';
import { messageOf } from '../base/message-of.js';
import { ConfigError, field, type Field } from '../runtime/schema.js';
import { isRecord, setKey, type Rec, type Value } from '../runtime/value.js';
import type { ConnectorContext, PortEvent } from './connector.js';
import { EventDecoder, EventEncoder } from './framing.js';

/** mime type (lowercase, no parameters) → codec; `*` + `/` + `*` is the fallback */
export type MimeMap = Record<string, Named>;

/** Tremor 0.12's defaults (reference §4.2) */
const DEFAULT_MIMES: readonly [string, string][] = [
  ['application/json', 'json'],
  ['application/yaml', 'yaml'],
  ['text/csv', 'csv'],
  ['text/plain', 'string'],
  ['text/html', 'string'],
  ['application/msgpack', 'msgpack'],
  ['application/x-msgpack', 'msgpack'],
  ['application/vnd.msgpack', 'msgpack'],
  ['application/octet-stream', 'binary'],
  ['text/syslog', 'syslog'],
];

/** the content type a codec announces when the event does not set one (reference §3.7) */
const CODEC_MIMES: Record<string, string> = {
  json: 'application/json',
  'json-sorted': 'application/json',
  string: 'text/plain',
  csv: 'text/csv',
  msgpack: 'application/msgpack',
  yaml: 'application/yaml',
  binary: 'application/octet-stream',
  binflux: 'application/octet-stream',
  influx: 'text/plain',
  statsd: 'text/plain',
  dogstatsd: 'text/plain',
  syslog: 'text/plain',
};

const MIME_RE = /^[\w!#$&^.+*-]+\/[\w!#$&^.+*-]+$/;

/** the codec of a connector that configures none (Tremor 0.12's default for both HTTP connectors) */
export const DEFAULT_CODEC: Named = { name: 'json', config: null };

function codecEntry(where: string, mime: string, v: Value): Named {
  const named: Named | null = typeof v === 'string' ? { name: v, config: null } : isRecord(v) && typeof v.name === 'string' ? { name: v.name, config: v.config ?? null } : null;
  if (!named) throw new ConfigError(`\`${where}\` maps ${stringify(mime)} to ${stringify(v)}; expected a codec name or {"name": …, "config": …}`, 'invalid', where);
  try {
    createCodec(named);
  } catch (e) {
    throw new ConfigError(`\`${where}\` maps ${stringify(mime)} to a bad codec: ${messageOf(e)}`, 'invalid', where);
  }
  return named;
}

/**
 * The mime map: the defaults whose codec this build has, with the configured `mime_mapping`
 * merged over them (Tremor 0.12 merges its `custom_codecs`; HEAD's `mime_mapping` replaces
 * the defaults, which silently stops JSON bodies decoding once any mapping is given).
 */
export function mimeMap(config: Value | undefined, where = 'mime_mapping'): MimeMap {
  const map: MimeMap = {};
  for (const [mime, codec] of DEFAULT_MIMES) if (codecType(codec)) map[mime] = { name: codec, config: null };
  if (config === undefined || config === null) return map;
  if (!isRecord(config)) throw new ConfigError(`\`${where}\` must be a record of mime type to codec, not ${stringify(config)}`, 'invalid', where);
  for (const [mime, v] of Object.entries(config)) {
    // a well-formed type also keeps names such as `__proto__` out of the map
    if (!MIME_RE.test(mime)) throw new ConfigError(`\`${where}\` has ${stringify(mime)}, which is not a mime type such as "application/json" or "*/*"`, 'invalid', where);
    map[mime.toLowerCase()] = codecEntry(where, mime, v);
  }
  return map;
}

/**
 * The mime map as a configuration field: 0.12's `custom_codecs` ({mime: codec name}), which
 * 0.13 renamed `mime_mapping` (and let name a codec with its config); the configured entries
 * are merged over the defaults
 */
export const mimeMapping: Field<MimeMap> = field('{mime: codec}', (v, where) => mimeMap(v, where), {
  aliases: ['mime_mapping'],
  doc: 'codecs by content type, merged over the defaults (application/json → json, …); 0.13: `mime_mapping`',
});

/** a URL as Tremor reads one: without a scheme (`localhost:8080`), `http://` is meant */
export function withScheme(s: string): string {
  return /^[A-Za-z-]+:\/\//.test(s) ? s : `http://${s}`;
}

/** the essence of a content type: `Application/JSON; charset=utf-8` → `application/json` */
export function essence(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const e = contentType.split(';', 1)[0].trim().toLowerCase();
  return e === '' ? undefined : e;
}

/**
 * The codec for a body of content type `mime`: the mapped one, else the `*` + `/` + `*`
 * mapping, else the connector's codec (json when none is configured).
 */
export function codecFor(map: MimeMap, mime: string | undefined, configured: Named | null): Named {
  const own = (k: string) => (Object.prototype.hasOwnProperty.call(map, k) ? map[k] : undefined);
  return (mime !== undefined ? own(mime) : undefined) ?? own('*/*') ?? configured ?? DEFAULT_CODEC;
}

/** the content type to announce for a body encoded with `codec` */
export function mimeFor(map: MimeMap, codec: Named): string {
  if (Object.prototype.hasOwnProperty.call(CODEC_MIMES, codec.name)) return CODEC_MIMES[codec.name];
  // a custom mapping may name a codec the table does not know
  for (const [mime, c] of Object.entries(map)) if (c.name === codec.name && mime !== '*/*') return mime;
  return 'application/octet-stream';
}

/** header values from a value: a string, or an array of them; anything else as JSON, as Tremor does */
export function headerValues(v: Value): string[] {
  const one = (x: Value) => (typeof x === 'string' ? x : stringify(x));
  return Array.isArray(v) ? v.map(one) : [one(v)];
}

/** an HTTP token (RFC 9110 §5.6.2): what header names and methods are made of */
export const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** the headers an event asks for, `{name: value | [values]}` (`what` names the metadata key) */
export function eventHeaders(v: Value, what: string): Record<string, string[]> {
  if (!isRecord(v)) throw new Error(`${what} must be a record, not ${stringify(v)}`);
  // no prototype: a header named `__proto__` is just a (bad) header
  const out: Record<string, string[]> = Object.create(null);
  for (const [name, x] of Object.entries(v)) {
    if (!TOKEN.test(name)) throw new Error(`${stringify(name)} in ${what} is not a valid header name`);
    out[name.toLowerCase()] = headerValues(x);
  }
  return out;
}

/** `{name: string | [string]}` as a configuration field, names lowercased (HTTP names are case-insensitive) */
export const configHeaders: Field<Record<string, string[]>> = field(
  '{string: string | [string]}',
  (v, where) => {
    const out: Record<string, string[]> = Object.create(null);
    if (v === null) return out;
    if (!isRecord(v)) throw new ConfigError(`\`${where}\` must be a record, not ${stringify(v)}`, 'invalid', where);
    for (const [name, values] of Object.entries(v)) {
      if (!TOKEN.test(name)) throw new ConfigError(`${stringify(name)} is not a valid header name (in \`${where}\`)`, 'invalid', where);
      const ok = typeof values === 'string' || (Array.isArray(values) && values.every((x) => typeof x === 'string'));
      if (!ok) throw new ConfigError(`The header \`${name}\` (in \`${where}\`) must be a string or an array of strings, not ${stringify(values)}`, 'invalid', `${where}.${name}`);
      out[name.toLowerCase()] = headerValues(values);
    }
    return out;
  },
  { doc: 'headers sent with every request, {name: value or [values]}' },
);

/** headers as Tremor shows them: `{name: [values]}` (a name may repeat, RFC 7230 §3.2.2) */
export function headersValue(h: Record<string, string | string[] | undefined>): Rec {
  const out: Rec = {};
  for (const [name, v] of Object.entries(h)) if (v !== undefined) setKey(out, name.toLowerCase(), Array.isArray(v) ? [...v] : [v]);
  return out;
}

type CodecCtx = Pick<ConnectorContext, 'id' | 'clock' | 'preprocessors' | 'postprocessors'>;

/** one value as a body: codec, then postprocessors, flushed */
export function encodeBody(ctx: CodecCtx, codec: Named, value: Value): Buffer {
  const enc = new EventEncoder({ id: ctx.id, codec, postprocessors: ctx.postprocessors });
  return Buffer.concat([...enc.encode(value), ...enc.finish()]);
}

/**
 * A body as events: preprocessors, then the codec, flushed; errors become `err` events (with
 * the data) rather than exceptions. An empty body is the structured value `null`, as Tremor
 * does: there is nothing to decode (a GET, a 204).
 */
export function decodeBody(ctx: CodecCtx, codec: Named, body: Uint8Array, meta: () => Rec, origin: Origin | null): PortEvent[] {
  if (body.length === 0) return [{ port: 'out', event: newEvent(null, ctx.clock.wallNs(), 0, meta(), origin) }];
  const dec = new EventDecoder({ id: ctx.id, clock: ctx.clock, codec, preprocessors: ctx.preprocessors }, { origin, meta });
  return [...dec.decode(body), ...dec.finish()];
}

/**
 * The source part of a connector that answers (http_client's responses) or listens
 * (http_server's requests). `send` pushes and resolves once the consumer wants more, so a
 * caller that awaits it holds its own work (a concurrency slot, reading the next request
 * body) while the flow downstream is full — that is the backpressure. `reading` tells
 * whether anything consumes it at all: the flow only pipes a source part that is linked.
 */
export class ReplySource extends Readable {
  private full = false;
  private ended = false;
  private waiters: (() => void)[] = [];

  constructor(
    highWaterMark: number,
    private readonly onDestroy: () => void = () => {},
  ) {
    super({ objectMode: true, highWaterMark });
  }

  /** piped, or read through 'readable'/'data' (flowing is null until someone consumes) */
  get reading(): boolean {
    return this.readableFlowing !== null && !this.ended && !this.destroyed;
  }

  get finished(): boolean {
    return this.ended || this.destroyed;
  }

  send(pe: PortEvent): Promise<void> {
    if (this.finished) return Promise.resolve();
    if (!this.push(pe)) this.full = true;
    return this.room();
  }

  /** resolves when the consumer has room (at once unless the last push filled the buffer) */
  room(): Promise<void> {
    if (!this.full || this.finished) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** ends the stream after what was sent */
  finish(): void {
    if (this.finished) return;
    this.ended = true;
    this.push(null);
    this.release();
  }

  override _read(): void {
    this.full = false;
    this.release();
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.release();
    this.onDestroy();
    cb(err);
  }

  private release(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
