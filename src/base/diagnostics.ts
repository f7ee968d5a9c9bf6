/**
 * Diagnostics are data: a code from the catalog, a message, the span to underline (Tremor's
 * inner span), the lines to show (its outer span: `context`, grown by `contextLines`), and
 * an optional hint. They are collected by the compiler stages and rendered once by
 * src/base/highlight.ts in Tremor's plain layout:
 *
 *     Error: ⏎
 *         3 | let a = 1 +
 *           |         ^^^ message
 *           |             NOTE: hint
 *
 * Which spans an error kind uses is Tremor's rule for that kind (tremor-script errors.rs and
 * the places that raise it); the factories below name the common shapes.
 */
import type { Code } from './codes.js';
import type { Span } from './source.js';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly code: Code;
  readonly severity: Severity;
  readonly message: string;
  readonly span?: Span;
  /** an enclosing range (a statement, a definition) whose lines are shown above the carets */
  readonly context?: Span;
  readonly hint?: string;
  /** Tremor's warning class: `performance`, `behaviour`, `consistency` */
  readonly warningClass?: string;
  /** whole lines added above and below the shown lines (Tremor's `expand_lines` of the outer span) */
  readonly contextLines?: number;
  /** whole lines added to the underlined span (an inner span grown by `expand_lines`: carets from column 1) */
  readonly caretLines?: number;
  /** a lexical error shows the source up to this offset only: nothing was lexed after it */
  readonly cut?: number;
}

/** the layout fields of a diagnostic, for `layout` */
export type Layout = Pick<Diagnostic, 'context' | 'contextLines' | 'caretLines' | 'cut' | 'hint'>;

/** the same diagnostic with other layout fields */
export function layout(d: Diagnostic, l: Layout): Diagnostic {
  return { ...d, ...l };
}

export function error(code: Code, message: string, span?: Span, hint?: string, context?: Span): Diagnostic {
  return { code, severity: 'error', message, span, hint, context };
}

/** a warning; `context` is its outer span (the lines shown), `span` the underlined part */
export function warning(code: Code, warningClass: string, message: string, span?: Span, context?: Span): Diagnostic {
  return { code, severity: 'warning', warningClass, message, span, context };
}

/** Thrown by the compiler stages; carries every diagnostic collected so far. */
export class CompileError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
    this.name = 'CompileError';
  }

  get first(): Diagnostic {
    return this.diagnostics[0];
  }
}

/** A runtime failure located in the source: what scripts report and queries route. */
export class TremorError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'TremorError';
  }
}

export function fail(code: Code, message: string, span?: Span, hint?: string, context?: Span): never {
  throw new CompileError([error(code, message, span, hint, context)]);
}

/** throws a prepared diagnostic */
export function failWith(d: Diagnostic): never {
  throw new CompileError([d]);
}

/**
 * An error whose shown lines are its span grown by `lines` either side (Tremor's
 * `expand_lines`): the shape of parse errors (`UnrecognizedToken`, two lines), a duplicate
 * node name (two), a missing function (three).
 */
export function errorWithContext(code: Code, message: string, span: Span, hint?: string, lines = 2): Diagnostic {
  return { ...error(code, message, span, hint), contextLines: lines };
}

/** Tremor's warning classes in the order its warning set sorts them */
const CLASS_ORDER = ['general', 'performance', 'consistency', 'behaviour'];

/**
 * Warnings in the order Tremor prints them: its warnings are an ordered set sorted by class
 * (general, performance, consistency, behaviour), then outer span, inner span and message.
 */
export function warningOrder(ds: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic): number[] => {
    const outer = d.context ?? d.span;
    return [CLASS_ORDER.indexOf(d.warningClass ?? 'general'), outer?.start ?? -1, outer?.end ?? -1, d.span?.start ?? -1, d.span?.end ?? -1];
  };
  return [...ds].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
    return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
  });
}
