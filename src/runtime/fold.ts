/**
 * `for … into init use op end` folds (reference §5.6, 0.13). An array accumulator collects
 * (only `+`), a record accumulator takes each body record's keys (only `+`), anything else is
 * folded with the operator; `and` / `or` stop early.
 */
import { add, band, binTypeError, bxor, div, mod, mul, shl, shr, sub, ushr } from './arith.js';
import { fault } from './fault.js';
import { isRecord, setKey, typeName, type Rec, type Value } from './value.js';

/** the working copy of the initial accumulator (the literal must not change) */
export function foldInit(v: Value): Value {
  if (Array.isArray(v)) return v.slice();
  if (isRecord(v)) {
    const out: Rec = {};
    for (const k in v) setKey(out, k, v[k]);
    return out;
  }
  return v;
}

export function foldStep(acc: Value, v: Value, op: string, site: number): Value {
  if (Array.isArray(acc)) {
    if (op !== '+') return fault('R012', `Invalid fold operation ${op}`, site);
    acc.push(v);
    return acc;
  }
  if (isRecord(acc)) {
    if (op !== '+') return fault('R012', `Invalid fold operation ${op}`, site);
    if (!isRecord(v)) return fault('R012', `Type error: Expected object, found ${typeName(v) === 'record' ? 'object' : typeName(v)}`, site);
    for (const k in v) setKey(acc, k, v[k]);
    return acc;
  }
  switch (op) {
    case '+':
      if (typeof acc === 'string') return fault('R012', `Invalid fold operation ${op}`, site);
      return add(acc, v, site);
    case '-':
      return sub(acc, v, site);
    case '*':
      return mul(acc, v, site);
    case '/':
      return div(acc, v, site);
    case '%':
      return mod(acc, v, site);
    case '&':
      return band(acc, v, site);
    case '^':
      return bxor(acc, v, site);
    case '<<':
      return shl(acc, v, site);
    case '>>':
      return shr(acc, v, site);
    case '>>>':
      return ushr(acc, v, site);
    case 'and':
    case 'or':
    case 'xor':
      if (typeof v !== 'boolean') return binTypeError(op, v, undefined, site);
      if (typeof acc !== 'boolean') return binTypeError(op, acc, v, site);
      return op === 'and' ? acc && v : op === 'or' ? acc || v : acc !== v;
    default:
      return fault('R012', `Invalid fold operation ${op}`, site);
  }
}

/** `and` folds stop at false, `or` folds at true */
export function foldDone(acc: Value, op: string): boolean {
  return (op === 'and' && acc === false) || (op === 'or' && acc === true);
}
