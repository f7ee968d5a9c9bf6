/**
 * Diagnostics about a function call, in Tremor's shape for an invocation (`InvokeRaw::up`):
 * the call is underlined and the lines shown are the call grown by three lines either side
 * (`inner.expand_lines(3)`). An unknown function, a wrong number of arguments and a
 * function's own warning (`nanotime`, `record::contains`) all use it.
 */
import { errorWithContext, warning, type Diagnostic } from '../base/diagnostics.js';
import type { Code } from '../base/codes.js';
import type { Span } from '../base/source.js';

/** lines shown either side of a call */
const CALL_CONTEXT = 3;

/** an error at a call */
export function callError(code: Code, message: string, span: Span, hint?: string): Diagnostic {
  return errorWithContext(code, message, span, hint, CALL_CONTEXT);
}

/** the warning a standard function carries, at a call of it */
export function callWarning(warningClass: string, message: string, span: Span): Diagnostic {
  return { ...warning('W002', warningClass, message, span), contextLines: CALL_CONTEXT };
}
