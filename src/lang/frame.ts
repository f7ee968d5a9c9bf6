/**
 * A lowering frame: the locals of one function body (a script, a user function, a select
 * clause, a window script). Tremor's `let` locals are function-scoped, so every name gets one
 * slot for the whole body; `for (k, v)` and `case x = …` bindings are clause-scoped and get
 * fresh slots that shadow outer names only inside their clause (reference §3.4).
 */
import type { Span } from '../base/source.js';
import type { Value } from '../runtime/value.js';
import type { AggrFn } from '../std/aggr/registry.js';
import type { Expr } from './ir.js';

export type FrameKind =
  /** a script body (main script, `define script`): may assign, emit and drop */
  | 'script'
  /** a user function: event, $ and state read as null; no emit or drop */
  | 'fn'
  /** a select clause: read-only, no plain locals */
  | 'select'
  /** a window script: may only assign `state` */
  | 'window'
  /** a constant initialiser, an `args` default or a `with` value */
  | 'const';

/** `args` of a definition checked before it is created: known to exist, value unknown */
export const ARGS_UNKNOWN: unique symbol = Symbol('args unknown');

export class Frame {
  readonly slots: string[] = [];
  /** slots that are always set before they are read: parameters and clause bindings */
  readonly bound = new Set<number>();
  private readonly locals = new Map<string, number>();
  private readonly bindings: Map<string, number>[] = [];
  /** the variadic `args` array of a function */
  argsSlot = -1;
  /** number of declared parameters of a function (recur must pass as many) */
  arity = -1;
  /** set when a function body calls something that is not pure */
  impure = false;
  /** set when the body uses `recur` */
  recurs = false;
  /** in a select: the clause being lowered, where "Local variables are not allowed here" points */
  clause: Span | null = null;
  /** the statement being lowered (a select, a const): where some errors point */
  statement: Span | null = null;
  /** in a windowed select: expressions identical to a group-by expression read `group[i]` */
  groupExprs: { text: string; index: number }[] = [];
  windowed = false;
  /** set while lowering the arguments of an aggregate function */
  inAggregate = false;
  /** in a windowed select: the aggregate call sites, one accumulator each */
  aggregates: { fn: AggrFn; args: Expr[]; span: Span }[] | null = null;

  constructor(
    readonly kind: FrameKind,
    /** the substituted `args` record, ARGS_UNKNOWN while validating a definition, or null where `args` is not available */
    readonly args: Value | null | typeof ARGS_UNKNOWN,
  ) {}

  /** the slot of a name visible here, or -1 */
  lookup(name: string): number {
    for (let i = this.bindings.length - 1; i >= 0; i--) {
      const s = this.bindings[i].get(name);
      if (s !== undefined) return s;
    }
    return this.locals.get(name) ?? -1;
  }

  /** the function-scoped slot of a local, created on first use */
  local(name: string): number {
    const found = this.lookup(name);
    if (found >= 0) return found;
    const slot = this.slots.push(name) - 1;
    this.locals.set(name, slot);
    return slot;
  }

  /** declares a parameter (function-scoped) */
  param(name: string): number {
    const slot = this.slots.push(name) - 1;
    this.locals.set(name, slot);
    this.bound.add(slot);
    return slot;
  }

  /** runs `body` with clause-scoped bindings for `names`; returns their slots and the result */
  bind<T>(names: string[], body: (slots: number[]) => T): T {
    const scope = new Map<string, number>();
    const slots = names.map((n) => {
      const s = this.slots.push(n) - 1;
      scope.set(n, s);
      this.bound.add(s);
      return s;
    });
    this.bindings.push(scope);
    try {
      return body(slots);
    } finally {
      this.bindings.pop();
    }
  }

  /** adds one binding to the innermost clause scope (pattern `case x = …`) */
  bindInClause(name: string): number {
    const s = this.slots.push(name) - 1;
    this.bound.add(s);
    if (this.bindings.length === 0) this.bindings.push(new Map());
    this.bindings[this.bindings.length - 1].set(name, s);
    return s;
  }

  /** opens a clause scope for the duration of `body` */
  clauseScope<T>(body: () => T): T {
    this.bindings.push(new Map());
    try {
      return body();
    } finally {
      this.bindings.pop();
    }
  }
}
