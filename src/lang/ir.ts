/**
 * The intermediate representation between the AST and generated JavaScript.
 *
 * Everything the AST leaves open is decided here: names are resolved (locals to slots,
 * constants to values, calls to a std function or a compiled user function), `args` are
 * substituted, paths are chains of explicit accesses, and each node that can fail at run time
 * carries the span its error points at. Passes over the IR (src/lang/optimize.ts,
 * src/lang/codegen.ts) switch on `k` and end in `unreachable`, so adding a node kind is a
 * compile error until every pass handles it. Factories are lowercase functions, as in Ohm's
 * compiler.
 */
import type { Span } from '../base/source.js';
import type { Value } from '../runtime/value.js';
import type { BinOp } from '../runtime/arith.js';
import type { StdFn } from '../std/registry.js';
import type { AggrFn } from '../std/aggr/registry.js';

/** where a path starts, for error messages: "Trying to access a non existing event key" */
export type RootKind = 'event' | 'meta' | 'state' | 'local' | 'const' | 'args' | 'group' | 'window' | 'expr';

export type Expr = Lit | Str | RecordE | ArrayE | Bin | Logic | Un | Root | Local | Get | Index | Slice | Present | Call | UCall | RecurE | MatchE | ForE | PatchE | MergeE | Bytes | LetE | EmitE | DropE | Seq | AggrE;

export interface Lit {
  k: 'lit';
  value: Value;
  span: Span;
}
export interface Str {
  k: 'str';
  parts: Expr[];
  span: Span;
}
export interface RecordE {
  k: 'record';
  fields: { key: Expr; value: Expr }[];
  span: Span;
}
export interface ArrayE {
  k: 'array';
  items: Expr[];
  span: Span;
}
export interface Bin {
  k: 'bin';
  op: Exclude<BinOp, 'and' | 'or' | 'xor'>;
  l: Expr;
  r: Expr;
  span: Span;
}
/** `and` / `or` short-circuit; `xor` checks the left side first, as Tremor does */
export interface Logic {
  k: 'logic';
  op: 'and' | 'or' | 'xor';
  l: Expr;
  r: Expr;
  lSpan: Span;
  rSpan: Span;
  span: Span;
}
/** `eSpan` is the operand's extent: a type error points at it */
export interface Un {
  k: 'un';
  op: '-' | '+' | 'not' | '!';
  e: Expr;
  eSpan: Span;
  span: Span;
}
export interface Root {
  k: 'root';
  root: 'event' | 'meta' | 'state' | 'group' | 'window' | 'args';
  span: Span;
}
/** `bound`: a parameter or clause binding, always set when read (no missing-local check) */
export interface Local {
  k: 'local';
  slot: number;
  name: string;
  span: Span;
  bound?: boolean;
}
/** `.key` */
export interface Get {
  k: 'get';
  base: Expr;
  key: string;
  what: RootKind;
  span: Span;
}
/** `[index]` on a record (string) or an array (integer) */
export interface Index {
  k: 'index';
  base: Expr;
  index: Expr;
  what: RootKind;
  span: Span;
}
/** `[start:end]` on an array; `span` is the range, the operands carry their own */
export interface Slice {
  k: 'slice';
  base: Expr;
  start: Expr;
  end: Expr;
  span: Span;
}
/** `present path` / `absent path`: the path evaluated without failing on missing data */
export interface Present {
  k: 'present';
  base: Expr;
  segs: PathSeg[];
  absent: boolean;
  span: Span;
}
export type PathSeg = { k: 'key'; key: string } | { k: 'index'; index: Expr } | { k: 'slice'; start: Expr; end: Expr; span: Span };
export interface Call {
  k: 'call';
  fn: StdFn;
  args: Expr[];
  span: Span;
}
/** a call of a compiled user function (see CompiledFn) */
export interface UCall {
  k: 'ucall';
  fn: FnRef;
  args: Expr[];
  span: Span;
}
export interface RecurE {
  k: 'recur';
  args: Expr[];
  span: Span;
}

export interface MatchE {
  k: 'match';
  target: Expr;
  cases: Case[];
  span: Span;
}
export interface Case {
  pattern: Pat;
  guard: Expr | null;
  body: Expr;
  span: Span;
}

export type Pat =
  | { k: 'any' }
  /** `case x = pattern`: binds the pattern's result to a slot */
  | { k: 'bind'; slot: number; pat: Pat }
  | { k: 'eq'; value: Expr }
  | { k: 'extract'; ex: ExtractorRef; span: Span }
  | { k: 'record'; fields: FieldPat[] }
  | { k: 'array'; elems: Pat[] }
  | { k: 'tuple'; elems: Pat[]; open: boolean };

export type FieldPat =
  | { k: 'present'; key: string }
  | { k: 'absent'; key: string }
  | { k: 'cmp'; key: string; op: '==' | '!=' | '<' | '<=' | '>' | '>='; value: Expr; span: Span }
  | { k: 'extract'; key: string; ex: ExtractorRef; span: Span }
  | { k: 'nested'; key: string; pat: Pat };

/** a prepared extractor: `test(string)` returns the extraction or undefined (no match) */
export interface ExtractorRef {
  name: string;
  rule: string;
  test: (s: string, ctx: unknown) => Value | undefined;
}

export interface ForE {
  k: 'for';
  target: Expr;
  keySlots: number[];
  valueSlots: number[];
  cases: { key: number; value: number; guard: Expr | null; body: Expr; span: Span }[];
  into: Expr | null;
  op: { op: string; span: Span } | null;
  span: Span;
}

export interface PatchE {
  k: 'patch';
  target: Expr;
  ops: PatchOpE[];
  span: Span;
}
export type PatchOpE =
  | { k: 'insert' | 'upsert' | 'update' | 'merge' | 'default'; key: Expr | null; value: Expr; span: Span }
  | { k: 'erase'; key: Expr; span: Span }
  | { k: 'copy' | 'move'; from: Expr; to: Expr; span: Span };

export interface MergeE {
  k: 'merge';
  target: Expr;
  spec: Expr;
  span: Span;
}

export interface Bytes {
  k: 'bytes';
  parts: { value: Expr; bits: number | null; type: BinType; span: Span }[];
  span: Span;
}
export type BinType = 'binary' | 'unsigned_big' | 'signed_big' | 'unsigned_little' | 'signed_little';

export interface LetE {
  k: 'let';
  target: LetTarget;
  value: Expr;
  span: Span;
}
export type LetTarget =
  | { k: 'local'; slot: number; segs: Expr[] }
  | { k: 'event'; segs: Expr[] }
  | { k: 'meta'; segs: Expr[] }
  | { k: 'state'; segs: Expr[] }
  /** `let $ = …`: valid syntax that fails when it runs, after the value (Tremor's InvalidAssign) */
  | { k: 'invalid'; segs: Expr[]; span: Span };

export interface EmitE {
  k: 'emit';
  value: Expr;
  port: Expr | null;
  span: Span;
}
export interface DropE {
  k: 'drop';
  span: Span;
}
/** a body: every expression runs in order, the last is the value */
export interface Seq {
  k: 'seq';
  exprs: Expr[];
  span: Span;
}

/** an aggregate function call in a windowed select: `index` into the select's accumulators */
export interface AggrE {
  k: 'aggr';
  fn: AggrFn;
  index: number;
  args: Expr[];
  span: Span;
}

/** A user function, compiled on definition so that constants can call it. */
export interface FnRef {
  name: string;
  arity: number;
  variadic: boolean;
  /** pure: folds when called with constant arguments */
  pure: boolean;
  /** the compiled function: (ctx, callSite, ...args) */
  call: (...args: unknown[]) => Value;
}

/** `group by` of a select: an expression, `each(array)`, or `set(…)` of these */
export type GroupIR = { k: 'expr'; expr: Expr } | { k: 'each'; expr: Expr } | { k: 'set'; items: GroupIR[] };

// ------------------------------------------------------------------------------ factories

export const lit = (value: Value, span: Span): Lit => ({ k: 'lit', value, span });
export const seq = (exprs: Expr[], span: Span): Expr => (exprs.length === 1 ? exprs[0] : { k: 'seq', exprs, span });

export function unreachable(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}

/** pure expressions (no assignment, emit, drop, recur, or state) may be skipped or folded */
export function isLit(e: Expr): e is Lit {
  return e.k === 'lit';
}
