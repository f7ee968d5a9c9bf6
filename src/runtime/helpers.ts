/**
 * The helper table handed to generated code. Its keys are the only functions generated code
 * may call by name (src/lang/verify.ts checks this); keep them short, readable, and free of
 * anything that could reach the host: no eval, no constructors, no globals.
 */
import * as access from './access.js';
import * as arith from './arith.js';
import * as calls from './calls.js';
import { bytes } from './bytes.js';
import { groupEach, groupOne, groupSet } from './groups.js';
import * as fold from './fold.js';
import * as mutate from './mutate.js';
import { invalidAssign } from './fault.js';
import { clone, eq, hasKey, isRecord, setKey } from './value.js';

export const helpers = Object.freeze({
  // operators
  add: arith.add,
  sub: arith.sub,
  mul: arith.mul,
  div: arith.div,
  mod: arith.mod,
  band: arith.band,
  bxor: arith.bxor,
  shl: arith.shl,
  shr: arith.shr,
  ushr: arith.ushr,
  lt: arith.lt,
  le: arith.le,
  gt: arith.gt,
  ge: arith.ge,
  neg: arith.neg,
  plus: arith.plus,
  not: arith.not,
  bitNot: arith.bitNot,
  truth: arith.truth,
  eq,
  andLeft: calls.andLeft,
  orLeft: calls.orLeft,
  logicRight: calls.logicRight,
  xorLeft: calls.xorLeft,
  xorRight: calls.xorRight,
  // paths
  keyErr: access.keyErr,
  getKey: access.getKey,
  index: access.index,
  slice: access.slice,
  sliceSeg: access.sliceSeg,
  present: access.present,
  missingLocal: access.missingLocal,
  recKeys: access.recKeys,
  isArray: Array.isArray,
  // used by the inline fast paths of arithmetic (V8 treats these as the intrinsics)
  isInt: Number.isInteger,
  isSafe: Number.isSafeInteger,
  isRecord,
  hasKey,
  setKey,
  clone,
  // writing
  assignPath: mutate.assignPath,
  assignKey: mutate.assignKey,
  merge: mutate.merge,
  patchTarget: mutate.patchTarget,
  patchInsert: mutate.patchInsert,
  patchUpdate: mutate.patchUpdate,
  patchUpsert: mutate.patchUpsert,
  patchErase: mutate.patchErase,
  patchCopy: mutate.patchCopy,
  patchMergeKey: mutate.patchMergeKey,
  patchMergeAll: mutate.patchMergeAll,
  patchDefaultAll: mutate.patchDefaultAll,
  stateCopy: mutate.stateCopy,
  invalidAssign,
  bytes,
  foldInit: fold.foldInit,
  foldStep: fold.foldStep,
  foldDone: fold.foldDone,
  // calls and control
  fc0: calls.fc0,
  fc1: calls.fc1,
  fc2: calls.fc2,
  fc3: calls.fc3,
  fcn: calls.fcn,
  toStr: calls.toStr,
  noMatch: calls.noMatch,
  recursionLimit: calls.recursionLimit,
  emitPort: calls.emitPort,
  // group by
  groupOne,
  groupEach,
  groupSet,
});

export type Helpers = typeof helpers;
export type HelperName = keyof Helpers;
export const HELPER_NAMES: ReadonlySet<string> = new Set(Object.keys(helpers));
