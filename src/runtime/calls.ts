/**
 * Small helpers for generated code: calling std functions with the call site attached to
 * their errors, the checks of `and` / `or` / `xor`, string interpolation, match failure and
 * the recursion limit.
 */
import { binTypeError } from './arith.js';
import { atSite, fault } from './fault.js';
import { stringify } from './json.js';
import type { Value } from './value.js';

type F = (...a: any[]) => Value;

export function fc0(f: F, site: number): Value {
  try {
    return f();
  } catch (e) {
    throw atSite(e, site);
  }
}

export function fc1(f: F, a: unknown, site: number): Value {
  try {
    return f(a);
  } catch (e) {
    throw atSite(e, site);
  }
}

export function fc2(f: F, a: unknown, b: unknown, site: number): Value {
  try {
    return f(a, b);
  } catch (e) {
    throw atSite(e, site);
  }
}

export function fc3(f: F, a: unknown, b: unknown, c: unknown, site: number): Value {
  try {
    return f(a, b, c);
  } catch (e) {
    throw atSite(e, site);
  }
}

export function fcn(f: F, args: unknown[], site: number): Value {
  try {
    return f(...args);
  } catch (e) {
    throw atSite(e, site);
  }
}

/** `l and …` when l is not true: false, or an error when l is not a bool */
export function andLeft(l: Value, site: number): false {
  if (l === false) return false;
  return binTypeError('and', l, undefined, site);
}

/** `l or …` when l is not false */
export function orLeft(l: Value, site: number): true {
  if (l === true) return true;
  return binTypeError('or', l, undefined, site);
}

/** the right side of `and` / `or` after a bool left side */
export function logicRight(op: string, l: boolean, r: Value, site: number): boolean {
  if (typeof r === 'boolean') return r;
  return binTypeError(op, l, r, site);
}

export function xorLeft(l: Value, site: number): boolean {
  if (typeof l === 'boolean') return l;
  return binTypeError('xor', l, undefined, site);
}

export function xorRight(l: boolean, r: Value, site: number): boolean {
  if (typeof r === 'boolean') return l !== r;
  return binTypeError('xor', l, r, site);
}

/** interpolation: strings as they are, anything else as JSON */
export function toStr(v: Value): string {
  return typeof v === 'string' ? v : stringify(v);
}

export function noMatch(site: number): never {
  return fault('R005', 'A match expression executed but no clause matched', site, 'Consider adding a `case _ => null` clause at the end of your match or validate full coverage beforehand.');
}

export const RECURSION_LIMIT = 1024;

export function recursionLimit(site: number): never {
  return fault('R009', 'Recursion limit Reached', site);
}

export function emitPort(v: Value, site: number): string {
  if (typeof v === 'string') return v;
  return fault('T003', 'Conflicting types, emit port must be a string', site);
}
