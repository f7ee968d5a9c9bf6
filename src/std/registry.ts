/**
 * The standard library's shape: a tree of modules (`std::string`, `tremor::system`, …) holding
 * functions and constants. Each Tremor module is one file in this folder that exports a
 * `StdModule`; src/std/index.ts assembles the tree.
 *
 * A function's implementation takes Tremor values and returns one. It reports a wrong
 * argument with `badType` (Tremor: "Bad type passed to function string::len/1") and any other
 * failure with `fnError`; the generated code attaches the call site. Functions marked `pure`
 * are folded at compile time when every argument is a constant; functions marked `ctx`
 * receive the evaluation context (ingest time, origin, …) as their first argument.
 */
import { fault } from '../runtime/fault.js';
import type { Value } from '../runtime/value.js';
import type { EvalCtx } from '../runtime/context.js';

export interface StdFn {
  /** `module::name`, as used in error messages */
  readonly fullName: string;
  readonly minArity: number;
  /** Infinity for variadic functions */
  readonly maxArity: number;
  readonly pure: boolean;
  readonly ctx: boolean;
  readonly impl: (...args: any[]) => Value;
  /** a warning Tremor gives wherever the function is called (class and text) */
  readonly warning?: FnWarning;
}

/** Tremor's function warnings: `performance` hints such as `record::contains` */
export interface FnWarning {
  readonly class: 'performance' | 'behaviour' | 'consistency' | 'general';
  readonly message: string;
}

export interface StdModule {
  readonly fns: Readonly<Record<string, StdFn>>;
  readonly consts: Readonly<Record<string, Value>>;
  readonly mods: Readonly<Record<string, StdModule>>;
}

export interface FnOptions {
  /** default true; false for functions whose result depends on more than their arguments */
  pure?: boolean;
  /** the implementation's first parameter is the EvalCtx */
  ctx?: boolean;
  /** minimum arity when fewer arguments are accepted than the implementation declares */
  min?: number;
  /** maximum arity; Infinity for variadic */
  max?: number;
  /** the warning given at each call */
  warning?: FnWarning;
}

/** Declares a function; its arity is the implementation's parameter count unless given. */
export function fn(fullName: string, impl: (...args: any[]) => Value, opts: FnOptions = {}): StdFn {
  const declared = impl.length - (opts.ctx ? 1 : 0);
  return {
    fullName,
    minArity: opts.min ?? declared,
    maxArity: opts.max ?? declared,
    pure: opts.pure ?? !opts.ctx,
    ctx: opts.ctx ?? false,
    impl,
    ...(opts.warning ? { warning: opts.warning } : {}),
  };
}

export function module(fns: StdFn[], consts: Record<string, Value> = {}, mods: Record<string, StdModule> = {}): StdModule {
  const table: Record<string, StdFn> = Object.create(null);
  for (const f of fns) table[f.fullName.slice(f.fullName.lastIndexOf('::') + 2)] = f;
  // a table without prototype is taken as it is (it may compute its values lazily)
  const c: Record<string, Value> = Object.getPrototypeOf(consts) === null ? consts : Object.assign(Object.create(null), consts);
  const m: Record<string, StdModule> = Object.create(null);
  Object.assign(m, mods);
  return { fns: table, consts: c, mods: m };
}

/** "Bad type passed to function string::len/1" */
export function badType(f: string, arity: number): never {
  return fault('T004', `Bad type passed to function ${f}/${arity}`);
}

/** "Runtime error in function string::format/3: …" */
export function fnError(f: string, arity: number, message: string): never {
  return fault('R010', `Runtime error in function ${f}/${arity}: ${message}`);
}

export type { EvalCtx };
