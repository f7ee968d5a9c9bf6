/**
 * What code generation hands on: the generated source of one unit with its constants, and
 * the table of call sites that maps a runtime fault back to a source span
 * (src/lang/compile.ts `locate`).
 */
import type { Span } from '../base/source.js';

export interface Generated {
  source: string;
  consts: unknown[];
}

/** Spans of the call sites that can raise an error, numbered across a whole program. */
export class SiteTable {
  private readonly spans: Span[] = [];

  add(span: Span): number {
    return this.spans.push(span) - 1;
  }

  get(site: number): Span | undefined {
    return site >= 0 ? this.spans[site] : undefined;
  }
}
