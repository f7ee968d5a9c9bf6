/**
 * Spelling user data in generated JavaScript. User strings only ever appear as JSON string
 * literals (which are valid JS string literals), and record keys are read with plain member
 * access only when no non-record value could answer that name: a key such as `length`,
 * `constructor` or `0` goes through a helper that checks own keys instead.
 */
import { FloatBox } from '../runtime/value.js';

const UNSAFE_KEYS: ReadonlySet<string> = (() => {
  const names = new Set<string>(['__proto__', 'prototype', 'constructor', 'length', 'fv']);
  const protos: object[] = [
    Object.prototype,
    Array.prototype,
    String.prototype,
    Number.prototype,
    Boolean.prototype,
    BigInt.prototype,
    Function.prototype,
    Uint8Array.prototype,
    Object.getPrototypeOf(Uint8Array.prototype) as object,
    FloatBox.prototype,
  ];
  for (const p of protos) for (const n of Object.getOwnPropertyNames(p)) names.add(n);
  return names;
})();

/** true when `v === null ? undefined : v[key]` is undefined for every non-record value */
export function isSafeKey(key: string): boolean {
  return !UNSAFE_KEYS.has(key) && !/^(0|[1-9][0-9]*)$/.test(key);
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `.key` when the key is an identifier, else `["key"]` */
export function jsKeyAccess(key: string): string {
  return IDENT.test(key) ? `.${key}` : `[${jsString(key)}]`;
}

export function jsString(s: string): string {
  return JSON.stringify(s);
}

/** member names generated code must never spell (checked by src/lang/verify.ts) */
export const FORBIDDEN_MEMBERS: ReadonlySet<string> = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
