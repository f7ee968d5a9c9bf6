/**
 * Reading paths: `.key`, `[index]`, `[start:end]`, `present`. The generated code reads a
 * statically safe key inline (`v === null ? undefined : v.key`) and calls `keyErr` when that
 * yields undefined; every other access goes through these helpers, which check the own-ness
 * of keys so that `event.constructor` is a missing key and not a JavaScript function.
 */
import { fault } from './fault.js';
import { hasKey, isInt, isRecord, typeName, type Rec, type Value } from './value.js';

function whatKey(what: string): string {
  return what === 'expr' || what === 'const' || what === 'args' ? 'record' : what;
}

/** raised after an inline read found nothing: a missing key or a non-record */
export function keyErr(v: Value, key: string, what: string, site: number): never {
  if (isRecord(v)) return fault('R001', `Trying to access a non existing ${whatKey(what)} key \`${key}\``, site);
  return fault('T003', `Conflicting types, got ${typeName(v)} but expected record`, site);
}

export function getKey(v: Value, key: string, what: string, site: number): Value {
  if (isRecord(v) && hasKey(v, key)) return v[key];
  return keyErr(v, key, what, site);
}

export function index(v: Value, i: Value, what: string, site: number): Value {
  if (isRecord(v)) {
    if (typeof i !== 'string') return fault('T003', `Conflicting types, got ${typeName(i)} but expected string`, site);
    if (hasKey(v, i)) return v[i];
    return fault('R001', `Trying to access a non existing ${whatKey(what)} key \`${i}\``, site);
  }
  if (Array.isArray(v)) {
    if (!isInt(i)) return fault('T003', `Conflicting types, got ${typeName(i)} but expected integer`, site);
    const n = Number(i);
    if (n < 0) return fault('R004', `Bad array index, got \`${n}\` but expected an index in the range 0:${v.length}`, site);
    if (n >= v.length) return fault('R003', `Array index out of bounds, got index ${n} but expected an index in the range 0:${v.length}`, site);
    return v[n];
  }
  return fault('T003', `Conflicting types, got ${typeName(v)} but expected ${isInt(i) ? 'array' : 'record'}`, site);
}

export function slice(v: Value, start: Value, end: Value, site: number, startSite: number, endSite: number): Value[] {
  if (!isInt(start)) return fault('T003', `Conflicting types, got ${typeName(start)} but expected integer`, startSite);
  if (!isInt(end)) return fault('T003', `Conflicting types, got ${typeName(end)} but expected integer`, endSite);
  if (!Array.isArray(v)) return fault('T003', `Conflicting types, got ${typeName(v)} but expected array`, site);
  const s = Number(start);
  const e = Number(end);
  if (s < 0) return fault('R004', `Bad array index, got \`${s}\` but expected an index in the range 0:${v.length}`, startSite);
  if (e < s) return fault('R013', `A range's end cannot be smaller than its start, ${s}:${e} is invalid`, site);
  if (e > v.length) return fault('R003', `Array index out of bounds, got index range ${s}:${e} but expected a subrange of 0:${v.length}`, site);
  return v.slice(s, e);
}

/** a `[start:end]` segment of a `present` path */
export class SliceSeg {
  constructor(
    readonly start: Value,
    readonly end: Value,
  ) {}
}

export function sliceSeg(start: Value, end: Value): SliceSeg {
  return new SliceSeg(start, end);
}

/** `present base.seg…`: never fails on missing keys, indices or wrong container types */
export function present(base: Value | undefined, segs: (Value | SliceSeg)[], site: number): boolean {
  if (base === undefined) return false;
  let cur: Value = base;
  for (const s of segs) {
    if (s instanceof SliceSeg) {
      if (!Array.isArray(cur) || !isInt(s.start) || !isInt(s.end)) return false;
      const a = Number(s.start);
      const b = Number(s.end);
      if (b < a) return fault('R013', `A range's end cannot be smaller than its start, ${a}:${b} is invalid`, site);
      if (a < 0 || b > cur.length) return false;
      cur = cur.slice(a, b);
    } else if (isRecord(cur)) {
      if (typeof s !== 'string' || !hasKey(cur, s)) return false;
      cur = cur[s];
    } else if (Array.isArray(cur)) {
      if (!isInt(s)) return false;
      const n = Number(s);
      if (n < 0 || n >= cur.length) return false;
      cur = cur[n];
    } else {
      return false;
    }
  }
  return true;
}

export function missingLocal(name: string, site: number): never {
  return fault('R002', `Trying to access a non existing local key \`${name}\``, site);
}

/** own keys of a record (for `for` loops); the generated code indexes arrays directly */
export function recKeys(r: Rec): string[] {
  return Object.keys(r);
}
