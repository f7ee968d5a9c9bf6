/**
 * Runtime failures raised while a compiled script or query runs. A fault carries a code from
 * the catalog, Tremor's message, and the number of the call site in the generated code that
 * raised it; the compiled unit maps site numbers back to source spans (see
 * src/lang/compile.ts), so helpers never need to know about sources.
 */
import type { Code } from '../base/codes.js';

export class Fault extends Error {
  constructor(
    readonly code: Code,
    message: string,
    /** call-site number in the generated code, -1 when not known yet */
    public site = -1,
    readonly hint?: string,
    /** whole lines shown around the site when the error is rendered (Tremor's `expand_lines`) */
    readonly contextLines = 0,
  ) {
    super(message);
    this.name = 'Fault';
  }
}

/** Attaches a call site to a fault raised without one (e.g. inside a std function). */
export function atSite(e: unknown, site: number): unknown {
  if (e instanceof Fault) {
    if (e.site < 0) e.site = site;
    return e;
  }
  if (e instanceof RangeError || e instanceof TypeError) return new Fault('R010', `Runtime error: ${e.message}`, site);
  return e;
}

export function fault(code: Code, message: string, site = -1, hint?: string): never {
  throw new Fault(code, message, site, hint);
}

/**
 * `let $ = …`: Tremor accepts it at compile time and fails when it runs, after evaluating the
 * value (the interpreter's `assign` refuses a bare `$`), showing two lines either side.
 */
export function invalidAssign(site: number): never {
  throw new Fault('R018', "You are trying to assign to a value that isn't valid", site, undefined, 2);
}
