/**
 * crononome: events on a cron schedule.
 *
 * Config:
 *   entries   required, an array of `{"name": string, "expr": string, "payload"?: any}`
 *   timezone  an IANA zone the expressions are read in (default "UTC", Tremor's only choice)
 *
 * `expr` is Tremor's cron syntax (the Rust `cron` crate): 6 or 7 space-separated fields,
 * seconds first — `sec min hour day-of-month month day-of-week [year]` — with `*`, lists,
 * ranges, steps (star-slash-n, and `0/5` as the crate allows), names (`Jan`, `Mon-Fri`) and the
 * shorthands `@yearly`, `@monthly`, `@weekly`, `@daily`, `@hourly`. As in that crate, numeric
 * weekdays run 1 (Sunday) to 7 (Saturday) and a day must match both the day-of-month and the
 * day-of-week fields. A classic 5-field crontab line is rejected. `croner` evaluates them.
 *
 * Each firing is one event `{"onramp": "crononome", "id": n, "ingest_ns": ns, "trigger":
 * {"name": …, "payload": …}}` (no `payload` key when the entry has none; `onramp` as the
 * metronome's payload, DECISIONS.md), metadata `$crononome = {"trigger": name}`, origin
 * `tremor-crononome://<hostname>/<name>`. `id` counts emitted events from 0; `ingest_ns` is
 * the exact wall-clock time of emission.
 *
 * ```tremor
 * define connector every_five_minutes from crononome
 * with
 *   config = {"entries": [{"name": "five", "expr": "0 0/5 * * * *", "payload": {"snot": "badger"}}]}
 * end;
 * ```
 *
 * Scheduling: one timer, armed for the earliest next occurrence of any entry on the injectable
 * clock's wall time. Tremor sleeps whole seconds and can fire up to a second late; here the
 * timer aims at the exact instant and a timer that fires early re-arms instead of emitting, so
 * an event is never early and normally a millisecond or so late. Entries due at the same
 * instant fire in configuration order. Occurrences missed while the process was busy, or while
 * the consumer was full (`push()` returned false and it has not read since), are skipped, as
 * the metronome skips ticks. When no entry has a future occurrence the source ends.
 */
import os from 'node:os';
import { messageOf } from '../base/message-of.js';
import { Readable } from 'node:stream';
import type { Cron } from 'croner';
import { lazyModule } from '../base/lazy-module.js';
import { newEvent } from '../runtime/event.js';
import { stringify } from '../runtime/json.js';
import { clone, isRecord, type Rec, type Value } from '../runtime/value.js';
import type { Clock, TimerHandle } from '../base/clock.js';
import { ConfigError, field, schema } from '../runtime/schema.js';
import type { ConnectorType, PortEvent } from './connector.js';
import { owner } from './config-fields.js';

export interface CronEntry {
  name: string;
  expr: string;
  payload?: Value;
}

export interface CrononomeConfig {
  entries: CronEntry[];
  timezone: string;
}

export interface CrononomeOptions extends CrononomeConfig {
  clock: Clock;
  highWaterMark?: number;
  hostname?: string;
}

/** the Rust `cron` crate's shorthands (its weekly is Sunday: weekday 1) */
const SHORTHANDS: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 1',
  '@daily': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

const croner = lazyModule<typeof import('croner')>('croner');

/** a croner schedule with the `cron` crate's meaning; throws ConfigError for a bad expression */
export function schedule(entry: Pick<CronEntry, 'name' | 'expr'>, timezone: string): Cron {
  const expr = SHORTHANDS[entry.expr.trim().toLowerCase()] ?? entry.expr.trim();
  const fields = expr.split(/\s+/).length;
  if (fields === 5)
    throw new ConfigError(
      `The crononome entry \`${entry.name}\` has a 5-field expression ${stringify(entry.expr)}; crononome expressions have a seconds field first (6 or 7 fields: sec min hour day-of-month month day-of-week [year]), e.g. "0 ${entry.expr.trim()}"`,
    );
  if (fields !== 6 && fields !== 7) throw new ConfigError(`The crononome entry \`${entry.name}\` has ${fields} fields in ${stringify(entry.expr)}; expected 6 or 7 (sec min hour day-of-month month day-of-week [year])`);
  try {
    // paused: croner only computes occurrences here, the clock does the scheduling
    return new (croner().Cron)(expr, { paused: true, mode: '6-or-7-parts', alternativeWeekdays: true, domAndDow: true, sloppyRanges: true, timezone });
  } catch (e) {
    throw new ConfigError(`The crononome entry \`${entry.name}\` has an invalid expression ${stringify(entry.expr)}: ${messageOf(e)}`);
  }
}

interface Armed {
  entry: CronEntry;
  cron: Cron;
  origin: { scheme: string; host: string; port: null; path: string[] };
  /** next occurrence, wall-clock nanoseconds; null when there is none */
  next: bigint | null;
}

export class CrononomeSource extends Readable {
  private readonly armed: Armed[];
  private timer: TimerHandle | null = null;
  private nextId = 0;
  private blocked = false;
  private running = false;
  private ended = false;

  constructor(private readonly opts: CrononomeOptions) {
    super({ objectMode: true, highWaterMark: opts.highWaterMark ?? 16 });
    const host = opts.hostname ?? os.hostname();
    this.armed = opts.entries.map((entry) => ({ entry, cron: schedule(entry, opts.timezone), origin: { scheme: 'tremor-crononome', host, port: null, path: [entry.name] }, next: null }));
  }

  begin(): void {
    if (this.running || this.ended || this.destroyed) return;
    this.running = true;
    const now = this.opts.clock.wallNs();
    for (const a of this.armed) a.next = this.after(a, now);
    this.arm();
  }

  halt(): void {
    this.running = false;
    this.clear();
    this.finish();
  }

  override _read(): void {
    this.blocked = false;
  }

  override _destroy(err: Error | null, cb: (e?: Error | null) => void): void {
    this.running = false;
    this.clear();
    cb(err);
  }

  /** the first occurrence strictly after `ns` */
  private after(a: Armed, ns: bigint): bigint | null {
    // Date has millisecond resolution: flooring keeps "strictly after" for sub-ms times
    const d = a.cron.nextRun(new Date(Number(ns / 1_000_000n)));
    return d ? BigInt(d.getTime()) * 1_000_000n : null;
  }

  private arm(): void {
    let due: bigint | null = null;
    for (const a of this.armed) if (a.next !== null && (due === null || a.next < due)) due = a.next;
    if (due === null) {
      this.running = false;
      this.finish();
      return;
    }
    const wait = Number(due - this.opts.clock.wallNs()) / 1e6;
    this.timer = this.opts.clock.setTimer(() => this.fire(), Math.max(0, wait));
  }

  private fire(): void {
    this.timer = null;
    if (!this.running) return;
    // never early: re-arming aims at the same instant again
    const now = this.opts.clock.wallNs();
    for (const a of this.armed) {
      if (a.next === null || a.next > now) continue;
      if (!this.blocked && !this.emitTrigger(a)) this.blocked = true;
      // occurrences that passed meanwhile are skipped
      a.next = this.after(a, now);
    }
    this.arm();
  }

  private emitTrigger(a: Armed): boolean {
    const ns = this.opts.clock.wallNs();
    const id = this.nextId++;
    const trigger: Rec = { name: a.entry.name };
    if (a.entry.payload !== undefined) trigger.payload = clone(a.entry.payload);
    const data: Value = { onramp: 'crononome', id, ingest_ns: ns, trigger };
    const chunk: PortEvent = { port: 'out', event: newEvent(data, ns, id, { crononome: { trigger: a.entry.name } }, a.origin) };
    return this.push(chunk);
  }

  private clear(): void {
    if (this.timer !== null) this.opts.clock.clearTimer(this.timer);
    this.timer = null;
  }

  private finish(): void {
    if (this.ended || this.destroyed) return;
    this.ended = true;
    this.push(null);
  }
}

const timezoneField = field(
  'string',
  (tz, where): string => {
    if (typeof tz !== 'string' || tz === '') throw new ConfigError(`The crononome \`${where}\` must be an IANA time zone name such as "Europe/Berlin", not ${stringify(tz)}`, 'invalid', where);
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
    } catch {
      throw new ConfigError(`The crononome \`${where}\` ${stringify(tz)} is not a known IANA time zone`, 'invalid', where);
    }
    return tz;
  },
  { default: 'UTC', doc: 'the time zone of the expressions (an IANA name)' },
);

/** an entry's shape; its expression is checked once the time zone is known */
function entryOf(v: Value, i: number): CronEntry {
  if (!isRecord(v)) throw new ConfigError(`The crononome entry ${i} must be a record {"name", "expr", "payload"?}, not ${stringify(v)}`);
  for (const k of Object.keys(v)) if (!['name', 'expr', 'payload'].includes(k)) throw new ConfigError(`Unknown key \`${k}\` in crononome entry ${i}; expected name, expr, payload`, 'unknown', `entries[${i}].${k}`);
  const r = v;
  if (typeof r.name !== 'string' || r.name === '') throw new ConfigError(`The \`name\` of crononome entry ${i} must be a non-empty string`);
  if (typeof r.expr !== 'string') throw new ConfigError(`The \`expr\` of crononome entry \`${r.name}\` must be a string`);
  const entry: CronEntry = { name: r.name, expr: r.expr };
  if (r.payload !== undefined) entry.payload = r.payload;
  return entry;
}

const entriesField = field(
  '[{name, expr, payload?}]',
  (v, where): CronEntry[] => {
    if (!Array.isArray(v)) throw new ConfigError(`The crononome \`${where}\` must be an array of {"name", "expr", "payload"?}`, 'invalid', where);
    return v.map(entryOf);
  },
  { required: true, doc: 'the schedules: [{"name", "expr" (cron with seconds), "payload"?}]' },
);

const CONFIG = schema({ entries: entriesField, timezone: timezoneField });

export const crononome: ConnectorType<CrononomeConfig> = {
  name: 'crononome',
  summary: 'events on cron schedules (with a seconds field)',
  codec: 'none',
  outputs: () => ['out', 'err'],
  inputs: () => [],
  config: CONFIG,
  validate(config: Value): CrononomeConfig {
    const { entries, timezone } = CONFIG.read(owner('crononome'), config);
    for (const entry of entries) schedule(entry, timezone).stop();
    return { entries, timezone };
  },
  create(ctx, config) {
    const source = new CrononomeSource({ ...config, clock: ctx.clock, highWaterMark: ctx.highWaterMark });
    return {
      source,
      start: async () => source.begin(),
      stop: async () => source.halt(),
    };
  },
};
