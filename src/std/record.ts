/**
 * std::record (reference §8.3). Results are new records built with `setKey`, so any key
 * (`__proto__`, `constructor`) is an ordinary field.
 */
import { stringify } from '../runtime/json.js';
import { hasKey, isRecord, setKey, type Rec, type Value } from '../runtime/value.js';
import { badType, fn, fnError, module, type StdModule } from './registry.js';

function rec(v: Value, f: string, arity: number): Rec {
  return isRecord(v) ? v : badType(f, arity);
}

function fromArray(v: Value): Value {
  const f = 'record::from_array';
  if (!Array.isArray(v)) return badType(f, 1);
  const out: Rec = {};
  for (const e of v) {
    if (!Array.isArray(e)) {
      return fnError(f, 1, `Only arrays that consist of tuples (arrays of two elements) can be turned into records but this array contained: ${stringify(e)}`);
    }
    if (e.length !== 2) {
      return fnError(f, 1, `Only arrays that consist of tuples (arrays of two elements) can be turned into records but this array contained ${e.length} elements`);
    }
    if (typeof e[0] !== 'string') return fnError(f, 1, `The first element of the tuple needs to be a string: ${stringify(e)}`);
    setKey(out, e[0], e[1]);
  }
  return out;
}

function extract(r: Value, keys: Value): Value {
  const f = 'record::extract';
  const input = rec(r, f, 2);
  if (!Array.isArray(keys)) return badType(f, 2);
  // non-string keys are ignored, as in Tremor; the result keeps the record's order
  const wanted = new Set(keys.filter((k): k is string => typeof k === 'string'));
  const out: Rec = {};
  for (const k of Object.keys(input)) if (wanted.has(k)) setKey(out, k, input[k]);
  return out;
}

function combine(a: Value, b: Value): Value {
  const f = 'record::combine';
  const l = rec(a, f, 2);
  const r = rec(b, f, 2);
  const out: Rec = {};
  for (const k of Object.keys(l)) setKey(out, k, l[k]);
  for (const k of Object.keys(r)) setKey(out, k, r[k]);
  return out;
}

function rename(t: Value, m: Value): Value {
  const f = 'record::rename';
  const target = rec(t, f, 2);
  const changes = rec(m, f, 2);
  const out: Rec = {};
  for (const k of Object.keys(target)) {
    // a mapping to a non-string leaves the key as it is
    const to = hasKey(changes, k) ? changes[k] : undefined;
    setKey(out, typeof to === 'string' ? to : k, target[k]);
  }
  return out;
}

export const record: StdModule = module([
  fn('record::len', (r: Value) => Object.keys(rec(r, 'record::len', 1)).length),
  fn('record::is_empty', (r: Value) => Object.keys(rec(r, 'record::is_empty', 1)).length === 0),
  fn(
    'record::contains',
    (r: Value, k: Value) => {
      const input = rec(r, 'record::contains', 2);
      return typeof k === 'string' ? hasKey(input, k) : badType('record::contains', 2);
    },
    { warning: { class: 'performance', message: '`record::contains(the_record, the_key)` can be replaced by `present the_record[the_key]` for better performance' } },
  ),
  fn('record::keys', (r: Value) => Object.keys(rec(r, 'record::keys', 1))),
  fn('record::values', (r: Value) => Object.values(rec(r, 'record::values', 1))),
  fn('record::to_array', (r: Value) => Object.entries(rec(r, 'record::to_array', 1)).map(([k, v]): Value => [k, v])),
  fn('record::from_array', fromArray),
  fn('record::extract', extract),
  fn('record::combine', combine),
  fn('record::rename', rename),
]);
