/**
 * Field kinds that several connectors' configuration schemas share (src/runtime/schema.ts
 * has the general ones): a non-empty path, durations with their unit in the message, and
 * `optional` for Tremor's `Option<…>` keys that accept an explicit `null`.
 */
import { ConfigError, field, int, type Field, type FieldInfo, type Presence } from '../runtime/schema.js';
import { stringify } from '../runtime/json.js';
import { isNumber, toF64, type Value } from '../runtime/value.js';

/** the owner named in messages: "a file connector" */
export const owner = (type: string): string => `a ${type} connector`;

export const invalid = (where: string, want: string, v: Value): never => {
  throw new ConfigError(`\`${where}\` must be ${want}, not ${stringify(v)}`, 'invalid', where);
};

/** a non-empty string (a file, a directory, a socket) */
export function path<const O extends FieldInfo & { what?: string }>(opt: O = {} as O): Field<string> & Presence<O> {
  const want = `a non-empty string${opt.what ? ` (${opt.what})` : ''}`;
  return field('string', (v, where) => (typeof v === 'string' && v !== '' ? v : invalid(where, want, v)), opt);
}

/** a number of `unit`s (any number type), positive or at least 0 */
export function duration<const O extends FieldInfo & { positive?: boolean; default?: number }>(unit: 'milliseconds' | 'seconds', opt: O = {} as O): Field<number> & Presence<O> {
  const want = `a ${opt.positive ? 'positive' : 'non-negative'} number of ${unit}`;
  return field(
    unit === 'seconds' ? 'number (s)' : 'number (ms)',
    (v, where) => {
      const n = isNumber(v) ? toF64(v) : NaN;
      return Number.isFinite(n) && n >= 0 && !(opt.positive && n === 0) ? n : invalid(where, want, v);
    },
    opt,
  );
}

/** `f`, or an explicit `null` read as absent */
export function optional<T>(f: Field<T>): Field<T | undefined> {
  return field(`${f.type} | null`, (v, where) => (v === null ? undefined : f.read(v, where)), f as FieldInfo);
}

/** the pending-connection queue of a listening socket */
export const backlog = int({ min: 1, max: 1 << 30, default: 128, doc: 'the queue of connections not yet accepted' });

/** accepted for Tremor's sake: Node sizes its own reads */
export const bufSize = int({ min: 1, max: 1 << 30, default: 8192, doc: 'the most bytes one read hands to the preprocessors (without `separate`, a longer message is several events)' });
