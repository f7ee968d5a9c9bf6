/**
 * What compiled code carries back to its callers: the generated source of a function (for
 * `explain`), and runtime faults located in the source. Generation itself is
 * src/lang/unit.ts.
 */
import { Fault } from '../runtime/fault.js';
import type { SiteTable } from './sites.js';
import { error, type Diagnostic } from '../base/diagnostics.js';

/** the generated source of a compiled function, for `explain` */
export const GENERATED_SOURCE = Symbol('tremor.generated');

export function generatedSource(f: unknown): string | undefined {
  return typeof f === 'function' ? (f as unknown as Record<symbol, string>)[GENERATED_SOURCE] : undefined;
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
