/**
 * What compiled code carries back to its callers: the generated source of a function (for
 * `explain`), and runtime faults located in the source. Generation itself is
 * src/lang/unit.ts.
 */
import { Fault } from '../runtime/fault.js';
import type { SiteTable } from './sites.js';
import { error, TremorError } from '../base/diagnostics.js';
import type { Span } from '../base/source.js';

/** the generated source of a compiled function, for `explain` */
export const GENERATED_SOURCE = Symbol('tremor.generated');

export function generatedSource(f: unknown): string | undefined {
  return typeof f === 'function' ? (f as unknown as Record<symbol, string>)[GENERATED_SOURCE] : undefined;
}

export { TremorError };

/**
 * Turns a fault raised by generated code into a positioned error. A fault that asks for
 * context lines (Tremor's `expand_lines`, e.g. an invalid assignment shows two lines either
 * side) gets them as the diagnostic's enclosing span.
 */
export function locate(e: unknown, sites: SiteTable): unknown {
  if (!(e instanceof Fault)) return e;
  const span = sites.get(e.site);
  const layout = sites.layout(e.site);
  const context = span && e.contextLines > 0 ? expandLines(span, e.contextLines) : layout?.context;
  const d = error(e.code, e.message, span, e.hint, context);
  return new TremorError(layout?.contextLines && !context ? { ...d, contextLines: layout.contextLines } : d);
}

/** a span grown by whole lines: from the start of `n` lines above to the end of `n` below */
export function expandLines(span: Span, n: number): Span {
  const text = span.src.text;
  let start = span.start;
  for (let i = 0; i <= n && start > 0; i++) {
    const nl = text.lastIndexOf('\n', start - 1);
    start = nl < 0 ? 0 : i < n ? nl : nl + 1;
  }
  let end = span.end;
  for (let i = 0; i <= n && end < text.length; i++) {
    const nl = text.indexOf('\n', i === 0 ? end : end + 1);
    end = nl < 0 ? text.length : nl;
  }
  return { src: span.src, start, end };
}
