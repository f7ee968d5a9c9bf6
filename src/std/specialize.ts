/**
 * Std functions that can be specialised on a constant first argument at compile time. Tremor's
 * `re::` functions compile their pattern on every call; when the pattern is a constant, the
 * code generator asks the function for a version with the pattern compiled once
 * (src/lang/codegen.ts). That is both faster and how a bad constant pattern becomes a
 * compile error positioned at the pattern instead of a runtime error on the first event.
 *
 * The specialiser hangs off the implementation function itself, so the std registry's shape
 * does not change: `specializable(impl, spec)` marks it, `specializer(impl)` finds it.
 */
import type { Value } from '../runtime/value.js';

/** from the constant first argument, the implementation of the remaining arguments; throws as the call would */
export type Specializer = (first: Value) => (...rest: any[]) => Value;

const KEY = Symbol('tremor.specialize');

type Marked = ((...args: any[]) => Value) & { [KEY]?: Specializer };

export function specializable<F extends (...args: any[]) => Value>(impl: F, spec: Specializer): F {
  Object.defineProperty(impl, KEY, { value: spec });
  return impl;
}

export function specializer(impl: (...args: any[]) => Value): Specializer | undefined {
  return (impl as Marked)[KEY];
}
