/**
 * What the parts of code generation (patterns, loops, arithmetic, patch) need from the
 * generator of a unit (src/lang/codegen.ts): names, the printer, and `emit` for nested
 * expressions. An interface of its own so that the parts do not import the generator that
 * imports them.
 */
import type * as I from './ir.js';
import type { Printer } from './printer.js';
import type { HelperName } from '../runtime/helpers.js';
import type { Span } from '../base/source.js';
import type { SiteLayout } from './sites.js';

export interface Emitter {
  readonly p: Printer;
  /** the number of a call site that can fail; `layout` widens the lines its errors show */
  site(span: Span, layout?: SiteLayout): number;
  /** a runtime helper, by name */
  h(name: HelperName): string;
  /** a constant the code cannot spell as a literal */
  k(value: unknown): string;
  tmp(): string;
  label(): string;
  local(slot: number): string;
  /** `const tN = expr;` */
  let(expr: string): string;
  /** emits `e` and returns the atom holding its value */
  emit(e: I.Expr, ro?: boolean): string;
}
