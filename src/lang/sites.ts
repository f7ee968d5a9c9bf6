/**
 * What code generation hands on: the generated source of one unit with its constants, and
 * the table of call sites that maps a runtime fault back to a source span
 * (src/lang/compile.ts `locate`).
 */
import type { Span } from '../base/source.js';

export interface Generated {
  source: string;
  consts: unknown[];
  /** the code writes into a value in place (see SiteTable.writesInPlace) */
  writesInPlace?: boolean;
}

/**
 * Which lines an error raised at a site shows, beyond the site's own (Tremor's outer span):
 * an enclosing expression (the comprehension of a failing fold, the patch of a failing
 * operation, the match of a failing guard), or whole lines either side (a failing function
 * call shows two).
 */
export interface SiteLayout {
  readonly context?: Span;
  readonly contextLines?: number;
}

/** Spans of the call sites that can raise an error, numbered across a whole program. */
export class SiteTable {
  /**
   * Whether any unit generated with this table writes into a value in place (`let a.b = …`,
   * `assignPath`): such code may change an event's payload without changing its identity,
   * so the pipelines compiled with it drop events' raw bytes (runtime/event.ts, Raw).
   */
  writesInPlace = false;
  private readonly spans: Span[] = [];
  private readonly layouts = new Map<number, SiteLayout>();

  add(span: Span, layout?: SiteLayout): number {
    const site = this.spans.push(span) - 1;
    if (layout) this.layouts.set(site, layout);
    return site;
  }

  get(site: number): Span | undefined {
    return site >= 0 ? this.spans[site] : undefined;
  }

  layout(site: number): SiteLayout | undefined {
    return this.layouts.get(site);
  }
}
