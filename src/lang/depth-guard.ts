/**
 * A program nested deeper than the compiler's recursion can follow — hundreds of brackets, or
 * a chain of thousands of operators — overflows the JavaScript stack somewhere in parsing,
 * lowering or code generation. That is a compile error (C025) pointing into the source, never
 * an internal error: at the most deeply nested bracket, or, when brackets are not the cause
 * (a long operator chain), at the first line of the program.
 *
 * What compiles: about 45 levels of brackets and 600 chained operators in one expression (the
 * default V8 stack of the command line); `let` steps compile to any length.
 */
import { fail } from '../base/diagnostics.js';
import type { Source, Span } from '../base/source.js';

export function withDepthGuard<T>(src: Source, compile: () => T): T {
  try {
    return compile();
  } catch (e) {
    if (!(e instanceof RangeError) || !/call stack/i.test(e.message)) throw e;
    return fail('C025', 'The program is nested too deeply to compile (brackets or a chain of operators too deep for this implementation)', deepest(src), 'split the expression into `let` steps');
  }
}

/** the span of the most deeply nested opening bracket, or of the first non-blank character */
function deepest(src: Source): Span {
  const text = src.text;
  let depth = 0;
  let max = 0;
  let at = text.search(/\S/);
  if (at < 0) at = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(' || ch === '[' || ch === '{') {
      depth++;
      if (depth > max) {
        max = depth;
        at = i;
      }
    } else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
  }
  return { src, start: at, end: Math.min(text.length, at + 1) };
}
