/**
 * Generated source -> running function. Every unit is verified (src/lang/verify.ts) before
 * `new Function` sees it; the factory receives the helper table and the unit's constants and
 * returns the specialised function.
 */
import { helpers } from '../runtime/helpers.js';
import { Fault } from '../runtime/fault.js';
import type { Generated, SiteTable } from './codegen.js';
import { error, type Diagnostic } from '../base/diagnostics.js';
import { verify } from './verify.js';

/** the generated source of a compiled function, for `explain` */
export const GENERATED_SOURCE = Symbol('tremor.generated');

export function generatedSource(f: unknown): string | undefined {
  return typeof f === 'function' ? (f as unknown as Record<symbol, string>)[GENERATED_SOURCE] : undefined;
}

export function instantiate<T extends (...args: any[]) => unknown>(gen: Generated): T {
  verify(gen.source);
  const factory = new Function('H', 'K', gen.source) as (h: typeof helpers, k: unknown[]) => T;
  const fn = factory(helpers, gen.consts);
  Object.defineProperty(fn, GENERATED_SOURCE, { value: gen.source });
  return fn;
}

/** A runtime failure located in the source: what scripts report and queries route. */
export class TremorError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'TremorError';
  }
}

/** turns a fault raised by generated code into a positioned error */
export function locate(e: unknown, sites: SiteTable): unknown {
  if (e instanceof Fault) return new TremorError(error(e.code, e.message, sites.get(e.site), e.hint));
  return e;
}
