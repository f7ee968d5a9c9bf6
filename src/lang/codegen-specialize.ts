/**
 * A std call whose first argument is a constant, for functions that can be specialised on it
 * (src/std/specialize.ts; the `re::` functions, whose first argument is the pattern): the
 * specialised implementation is made here, at compile time, so a constant pattern is compiled
 * once, and a pattern Rust rejects (a backreference, a look-around) is a compile error pointing
 * at the culprit inside the string literal instead of a runtime error on every event.
 */
import * as I from './ir.js';
import { CompileError, error } from '../base/diagnostics.js';
import type { Span } from '../base/source.js';
import { Fault } from '../runtime/fault.js';
import type { Value } from '../runtime/value.js';
import { specializer } from '../std/specialize.js';

/** the specialised implementation of `e`, or undefined when it has none */
export function specializeCall(e: I.Call): ((...rest: any[]) => Value) | undefined {
  const spec = specializer(e.fn.impl);
  const first = e.args[0];
  if (!spec || e.fn.ctx || first === undefined || !I.isLit(first)) return undefined;
  try {
    return spec(first.value);
  } catch (x) {
    if (!(x instanceof Fault)) throw x;
    const cause = (x as { cause?: { offset?: unknown; length?: unknown } }).cause;
    const at = typeof first.value === 'string' && typeof cause?.offset === 'number' ? inLiteral(first.span, first.value, cause.offset, Number(cause.length ?? 1)) : undefined;
    throw new CompileError([error(x.code, x.message, at ?? first.span, x.hint)]);
  }
}

/**
 * The span of `value.slice(offset, offset + length)` inside the string literal at `span`, when
 * the literal spells the value with plain characters and `\` escapes (no interpolation).
 */
function inLiteral(span: Span, value: string, offset: number, length: number): Span | undefined {
  const text = span.src.text;
  if (text[span.start] !== '"' || text[span.end - 1] !== '"') return undefined;
  const starts: number[] = [];
  for (let i = span.start + 1; i < span.end - 1; i++) {
    starts.push(i);
    if (text[i] === '#' && text[i + 1] === '{') return undefined;
    if (text[i] === '\\') i += text[i + 1] === 'u' ? 5 : 1;
  }
  if (starts.length !== value.length || offset >= starts.length) return undefined;
  const last = Math.min(offset + Math.max(length, 1), starts.length);
  const end = last < starts.length ? starts[last] : span.end - 1;
  return { src: span.src, start: starts[offset], end };
}
