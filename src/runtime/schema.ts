/**
 * One reader for every configuration record: connectors, codecs, pre/postprocessors and
 * operators describe their keys once, as a schema, and get the same checks and messages
 * (unknown keys listed, missing keys named, wrong types explained) and a table of their keys
 * for the README (`describeSchema`).
 *
 *   const config = schema({
 *     interval: num({ min: 0, exclusiveMin: true, required: true, doc: 'period in ms' }),
 *     catch_up: bool({ default: false, doc: 'emit missed ticks back to back' }),
 *   });
 *   const c = config.read('the metronome connector', value); // { interval: number; catch_up: boolean }
 *
 * Keys renamed after Tremor 0.12 are accepted under both spellings (`aliases`); a key's
 * `tremor` default (as Tremor documents it) may differ from ours, which `default` gives.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from './json.js';
import { FloatBox, isRecord, type Value } from './value.js';

/** a configuration problem; `kind` says which, `key` names the key (dotted for nested ones) */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly kind: 'unknown' | 'missing' | 'invalid' = 'invalid',
    readonly key?: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface FieldInfo {
  /** what the key means, one line */
  readonly doc?: string;
  /** Tremor 0.12's default as text, when it differs from `default` or we have none */
  readonly tremor?: string;
  /** other accepted spellings (renamed keys) */
  readonly aliases?: readonly string[];
  readonly required?: boolean;
}

export interface Field<T> extends FieldInfo {
  /** the type, as the README table shows it */
  readonly type: string;
  readonly default?: T;
  /** reads a present value; `where` names the key for messages */
  read(v: Value, where: string): T;
}

// `Readonly`: a default given as a literal (a `const` type parameter) is a readonly array
type Opt<T> = FieldInfo & { default?: T | Readonly<T> };

/**
 * What a field's options promise (`required: true`, a `default`), kept in the field's type so
 * that `Config` knows which keys `read` always returns. Field kinds take their options as a
 * `const` type parameter and return `Field<T> & Presence<O>`.
 */
export type Presence<O> = (O extends { required: true } ? { readonly required: true } : unknown) & (O extends { default: infer D } ? ([D] extends [undefined] ? unknown : { readonly default: D }) : unknown);

const show = (v: Value): string => {
  const s = stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

const bad = (where: string, want: string, v: Value): never => {
  throw new ConfigError(`\`${where}\` must be ${want}, not ${show(v)}`, 'invalid', where);
};

const isInt = (v: Value): boolean => (typeof v === 'number' && Number.isInteger(v)) || typeof v === 'bigint';

export function field<T, const O extends Opt<T> = {}>(type: string, read: (v: Value, where: string) => T, opt: O = {} as O): Field<T> & Presence<O> {
  return { ...opt, type, read } as Field<T> & Presence<O>;
}

export function str<const O extends Opt<string> & { oneOf?: readonly string[] } = {}>(opt: O = {} as O): Field<string> & Presence<O> {
  const { oneOf } = opt;
  return field(
    oneOf ? oneOf.map((s) => JSON.stringify(s)).join(' | ') : 'string',
    (v, where) => {
      if (typeof v !== 'string') return bad(where, 'a string', v);
      if (oneOf && !oneOf.includes(v)) return bad(where, `one of ${oneOf.map((s) => `"${s}"`).join(', ')}`, v);
      return v;
    },
    opt,
  );
}

export function bool<const O extends Opt<boolean> = {}>(opt: O = {} as O): Field<boolean> & Presence<O> {
  return field('bool', (v, where) => (typeof v === 'boolean' ? v : bad(where, 'true or false', v)), opt);
}

interface Range {
  min?: number;
  max?: number;
  /** the minimum itself is not allowed (`interval` > 0) */
  exclusiveMin?: boolean;
}

function inRange(n: number, where: string, r: Range, v: Value): number {
  if (r.min !== undefined && (n < r.min || (r.exclusiveMin && n === r.min))) return bad(where, `${r.exclusiveMin ? 'greater than' : 'at least'} ${r.min}`, v);
  if (r.max !== undefined && n > r.max) return bad(where, `at most ${r.max}`, v);
  return n;
}

/** any number (integers and floats) */
export function num<const O extends Opt<number> & Range = {}>(opt: O = {} as O): Field<number> & Presence<O> {
  return field(
    'number',
    (v, where) => {
      // an integral float (`1.0`) is boxed, and is a number as much as `1.5` is
      const n = typeof v === 'bigint' ? Number(v) : v instanceof FloatBox ? v.fv : v;
      if (typeof n !== 'number' || !Number.isFinite(n)) return bad(where, 'a number', v);
      return inRange(n, where, opt, v);
    },
    opt,
  );
}

/** an integer within the safe range */
export function int<const O extends Opt<number> & Range = {}>(opt: O = {} as O): Field<number> & Presence<O> {
  return field(
    'integer',
    (v, where) => {
      if (!isInt(v)) return bad(where, 'an integer', v);
      const n = Number(v);
      if (!Number.isSafeInteger(n)) return bad(where, 'an integer within ±2^53', v);
      return inRange(n, where, opt, v);
    },
    opt,
  );
}

/**
 * a non-negative integer up to 2^64 − 1 (Rust's u64 and usize), read exactly as a bigint:
 * nanosecond durations outgrow 2^53 after 104 days
 */
export function u64<const O extends Opt<bigint> = {}>(opt: O = {} as O): Field<bigint> & Presence<O> {
  return field(
    'u64',
    (v, where) => {
      const n = typeof v === 'bigint' ? v : typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : -1n;
      return n >= 0n && n < 2n ** 64n ? n : bad(where, 'a non-negative integer', v);
    },
    opt,
  );
}

/** `item`, or null for "not set" (Rust's `Option`, which serde reads from null) */
export function nullable<T, const O extends Opt<T | null> = {}>(item: Field<T>, opt: O = {} as O): Field<T | null> & Presence<O> {
  return field(`${item.type} | null`, (v, where) => (v === null ? null : item.read(v, where)), opt);
}

export function array<T, const O extends Opt<T[]> = {}>(item: Field<T>, opt: O = {} as O): Field<T[]> & Presence<O> {
  return field(`[${item.type}]`, (v, where) => (Array.isArray(v) ? v.map((x, i) => item.read(x, `${where}[${i}]`)) : bad(where, 'an array', v)), opt);
}

/** a string or an array of strings, read as an array */
export function strings<const O extends Opt<string[]> = {}>(opt: O = {} as O): Field<string[]> & Presence<O> {
  const one = str();
  return field('string | [string]', (v, where) => (typeof v === 'string' ? [v] : array(one).read(v, where)), opt);
}

/** a record of values of one kind (headers: string → string or [string]) */
export function mapOf<T, const O extends Opt<Record<string, T>> = {}>(item: Field<T>, opt: O = {} as O): Field<Record<string, T>> & Presence<O> {
  return field(
    `{string: ${item.type}}`,
    (v, where) => {
      if (!isRecord(v)) return bad(where, 'a record', v);
      const out: Record<string, T> = {};
      for (const [k, x] of Object.entries(v)) out[k] = item.read(x, `${where}.${k}`);
      return out;
    },
    opt,
  );
}

/** any value, unchecked (a payload, an opaque setting) */
export function any<const O extends Opt<Value> = {}>(opt: O = {} as O): Field<Value> & Presence<O> {
  return field('any', (v) => v, opt);
}

/** the first alternative that reads the value */
export function oneOf<T, const O extends Opt<T> = {}>(alts: readonly Field<T>[], opt: O = {} as O): Field<T> & Presence<O> {
  return field(
    alts.map((a) => a.type).join(' | '),
    (v, where) => {
      for (const a of alts) {
        try {
          return a.read(v, where);
        } catch {
          // try the next alternative
        }
      }
      return bad(where, alts.map((a) => a.type).join(' or '), v);
    },
    opt,
  );
}

export type Fields = Record<string, Field<any>>;
/** the keys `read` always returns: required ones and those with a default */
type Always<F extends Fields> = { [K in keyof F]: F[K] extends { required: true } ? K : F[K] extends { default: unknown } ? K : never }[keyof F];
type FieldValue<X> = X extends Field<infer T> ? T : never;
/** what `read` returns: keys with a default or required are always there */
export type Config<F extends Fields> = {
  [K in Always<F>]: FieldValue<F[K]>;
} & {
  [K in Exclude<keyof F, Always<F>>]?: FieldValue<F[K]>;
};

export interface KeyRow {
  key: string;
  type: string;
  required: boolean;
  ours: string;
  tremor: string;
  doc: string;
}

export interface Schema<F extends Fields> {
  readonly fields: F;
  /**
   * reads `config` (a record, or null for none) for `owner` ("the metronome connector");
   * throws ConfigError naming the key
   */
  read(owner: string, config: Value): Config<F>;
  /** the schema as a nested field (a record inside a configuration) */
  field(opt?: FieldInfo): Field<Config<F>>;
  /** one row per key, for the README's tables */
  describe(): KeyRow[];
}

export function schema<F extends Fields>(fields: F): Schema<F> {
  const names = Object.keys(fields);
  const known = names.flatMap((k) => [k, ...(fields[k].aliases ?? [])]);
  const canonical = new Map<string, string>();
  for (const k of names) {
    canonical.set(k, k);
    for (const a of fields[k].aliases ?? []) canonical.set(a, k);
  }
  const readRecord = (owner: string, config: Value, prefix: string): Config<F> => {
    if (config === null || config === undefined) config = {};
    if (!isRecord(config)) throw new ConfigError(`The configuration of ${owner} must be a record, not ${show(config)}`, 'invalid', prefix || undefined);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(config)) {
      const name = canonical.get(k);
      if (name === undefined) {
        const list = known.length ? `known keys: ${known.join(', ')}` : 'it takes no configuration';
        throw new ConfigError(`Unknown configuration key \`${prefix}${k}\` for ${owner}; ${list}`, 'unknown', prefix + k);
      }
      if (name in out) throw new ConfigError(`Configuration key \`${prefix}${name}\` of ${owner} is given twice (as \`${k}\`)`, 'invalid', prefix + k);
      out[name] = fields[name].read(v, prefix + k);
    }
    for (const k of names) {
      if (k in out) continue;
      const f = fields[k];
      if (f.required) throw new ConfigError(`Missing configuration key \`${prefix}${k}\` for ${owner}${f.doc ? ` (${f.doc})` : ''}`, 'missing', prefix + k);
      if (f.default !== undefined) out[k] = f.default;
    }
    return out as Config<F>;
  };
  const self: Schema<F> = {
    fields,
    read: (owner, config) => {
      try {
        const out = readRecord(owner, config, '');
        trace(owner, config);
        return out;
      } catch (e) {
        // messages from field readers name the key but not the owner
        if (e instanceof ConfigError && !e.message.includes(owner)) throw new ConfigError(`Invalid configuration for ${owner}: ${e.message}`, e.kind, e.key);
        throw e;
      }
    },
    field: (opt = {}) => field('record', (v, where) => readRecord(`\`${where}\``, v, `${where}.`), opt),
    describe: () =>
      names.map((k) => {
        const f = fields[k];
        const ours = f.required ? 'required' : f.default === undefined ? '–' : stringify(f.default as Value); // lossless: bigint defaults too
        return {
          key: [k, ...(f.aliases ?? [])].join(' / '),
          type: f.type,
          required: f.required === true,
          ours,
          tremor: f.tremor ?? ours,
          doc: f.doc ?? '',
        };
      }),
  };
  return self;
}

/** the README table of a schema, as markdown rows */
export function schemaTable(s: Schema<Fields>): string {
  const rows = s.describe();
  if (rows.length === 0) return '_no configuration_\n';
  const esc = (x: string) => x.replace(/\|/g, '\\|');
  return ['| key | type | Tremor default | ours | what |', '|---|---|---|---|---|', ...rows.map((r) => `| \`${r.key}\` | ${esc(r.type)} | ${esc(r.tremor)} | ${esc(r.ours)} | ${esc(r.doc)} |`)].join('\n') + '\n';
}

/**
 * `TREMOR_CONFIG_TRACE=<dir>`: every configuration read without complaint appends the keys it
 * was given, as `owner<TAB>key` lines, to `<dir>/<pid>.log`. The test runner sets it, and
 * fails the run when a key of a connector, codec, interceptor or operator was never accepted
 * in any test (scripts/config-coverage.mjs). Nothing is kept in memory.
 */
function trace(owner: string, config: Value): void {
  const dir = process.env.TREMOR_CONFIG_TRACE;
  if (!dir || !isRecord(config)) return;
  const keys = Object.keys(config);
  if (keys.length) appendFileSync(join(dir, `${process.pid}.log`), keys.map((k) => `${owner}\t${k}\n`).join(''));
}
