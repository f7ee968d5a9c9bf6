/**
 * Writing values: `let` into nested paths, `patch`, `merge`. Patch and merge never change
 * their input: they copy the records they change (reference §5.5). `let a.b.c = v` changes
 * the local, event, metadata or state record in place and creates missing intermediate
 * records, as Tremor does.
 */
import { fault } from './fault.js';
import { clone, hasKey, isRecord, setKey, typeName, type Rec, type Value } from './value.js';

function expectRecord(v: Value, site: number): Rec {
  if (isRecord(v)) return v;
  return fault('T003', `Conflicting types, got ${typeName(v)} but expected record`, site);
}

/** `let root.a.b = value`: returns the (possibly new) root */
export function assignPath(root: Value | undefined, segs: Value[], value: Value, site: number): Value {
  if (segs.length === 0) return value;
  const top: Rec = root === undefined || root === null ? {} : expectRecord(root, site);
  let cur = top;
  for (let i = 0; i < segs.length; i++) {
    const k = segs[i];
    if (typeof k !== 'string') fault('T003', `Conflicting types, got ${typeName(k)} but expected string`, site);
    if (i === segs.length - 1) {
      setKey(cur, k, value);
      break;
    }
    if (!hasKey(cur, k)) setKey(cur, k, {});
    cur = expectRecord(cur[k], site);
  }
  return top;
}

/** `let root.k = value` (one key: no path array to build); returns the (possibly new) root */
export function assignKey(root: Value | undefined, k: Value, value: Value, site: number): Value {
  const top: Rec = root === undefined || root === null ? {} : expectRecord(root, site);
  if (typeof k !== 'string') fault('T003', `Conflicting types, got ${typeName(k)} but expected string`, site);
  setKey(top, k, value);
  return top;
}

// ------------------------------------------------------------------------------ merge

/** deep merge of `spec` into a copy of `target`: records recurse, anything else overwrites */
export function deepMerge(target: Rec, spec: Rec): Rec {
  const out: Rec = {};
  for (const k in target) setKey(out, k, target[k]);
  for (const k in spec) {
    const s = spec[k];
    const t = hasKey(out, k) ? out[k] : undefined;
    setKey(out, k, isRecord(t) && isRecord(s) ? deepMerge(t, s) : s);
  }
  return out;
}

/** `merge target of spec end` */
export function merge(target: Value, spec: Value, targetSite: number, specSite: number): Rec {
  const t = expectRecord(target, targetSite);
  return deepMerge(t, expectRecord(spec, specSite));
}

/** deep default: keys of `spec` missing from `target` are added, records recurse */
function deepDefault(target: Rec, spec: Rec): Rec {
  const out: Rec = {};
  for (const k in target) setKey(out, k, target[k]);
  for (const k in spec) {
    const s = spec[k];
    if (!hasKey(out, k)) setKey(out, k, s);
    else if (isRecord(out[k]) && isRecord(s)) setKey(out, k, deepDefault(out[k] as Rec, s));
  }
  return out;
}

// ------------------------------------------------------------------------------ patch

/** the record a patch works on: a shallow copy of the target */
export function patchTarget(v: Value, site: number): Rec {
  const r = expectRecord(v, site);
  const out: Rec = {};
  for (const k in r) setKey(out, k, r[k]);
  return out;
}

function keyOf(k: Value, site: number): string {
  if (typeof k === 'string') return k;
  return fault('T003', `Conflicting types, got ${typeName(k)} but expected string`, site);
}

export function patchInsert(r: Rec, k: Value, v: Value, site: number): void {
  const key = keyOf(k, site);
  if (hasKey(r, key)) fault('R007', `The key that is supposed to be written to already exists: ${key}`, site);
  setKey(r, key, v);
}

export function patchUpdate(r: Rec, k: Value, v: Value, site: number): void {
  const key = keyOf(k, site);
  if (!hasKey(r, key)) fault('R007', `The key that is supposed to be updated does not exists: ${key}`, site);
  setKey(r, key, v);
}

export function patchUpsert(r: Rec, k: Value, v: Value, site: number): void {
  setKey(r, keyOf(k, site), v);
}

export function patchErase(r: Rec, k: Value, site: number): void {
  delete r[keyOf(k, site)];
}

export function patchCopy(r: Rec, from: Value, to: Value, site: number, move: boolean): void {
  const f = keyOf(from, site);
  const t = keyOf(to, site);
  if (!hasKey(r, f)) return;
  if (hasKey(r, t)) fault('R007', `The key that is supposed to be written to already exists: ${t}`, site);
  setKey(r, t, r[f]);
  if (move) delete r[f];
}

export function patchMergeKey(r: Rec, k: Value, v: Value, site: number): void {
  const key = keyOf(k, site);
  if (!hasKey(r, key)) {
    setKey(r, key, v);
    return;
  }
  const cur = r[key];
  if (!isRecord(cur)) {
    fault('R008', `Merge can only be performed on keys that either do not exist or are records but the key '${key}' has the type ${typeName(cur)}`, site);
  }
  if (!isRecord(v)) fault('R008', `Merge can only be performed with a record but the value for key '${key}' has the type ${typeName(v)}`, site);
  setKey(r, key, deepMerge(cur, v));
}

/** `merge => v` and `default => v` replace the whole working record */
export function patchMergeAll(r: Rec, v: Value, site: number): Rec {
  return deepMerge(r, expectRecord(v, site));
}

export function patchDefaultAll(r: Rec, v: Value, site: number): Rec {
  return deepDefault(r, expectRecord(v, site));
}

/** assigning to `state` stores a deep copy */
export function stateCopy(v: Value): Value {
  return clone(v);
}
