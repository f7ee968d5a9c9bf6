/**
 * Circuit breakers (Tremor's contraflow signals `Trigger` and `Restore`): a sink that cannot
 * deliver — a client whose connection is lost, the `cb` connector told so — opens its breaker
 * (`ctx.breaker(true)`), and every connector source that feeds it, through any number of
 * pipelines, pauses: its router holds its next event, so the source is no longer read. When
 * the sink can deliver again it closes the breaker and those sources resume. A source held by
 * several sinks resumes once all of them have closed theirs. Events already past the routers
 * (in pipelines, in the sink's buffer) still go on, as in Tremor.
 */
import type { Router } from './router.js';

export interface Link {
  from: string;
  to: string;
}

export class Breakers {
  /** sink node → the connector sources upstream of it */
  private readonly sources = new Map<string, string[]>();
  /** the breakers open now, for reports and tests */
  readonly open = new Set<string>();

  constructor(
    links: readonly Link[],
    private readonly router: (source: string) => Router | undefined,
  ) {
    const into = new Map<string, string[]>();
    for (const l of links) into.set(l.to, [...(into.get(l.to) ?? []), l.from]);
    for (const sink of into.keys()) {
      if (!sink.startsWith('connector/')) continue;
      const found = new Set<string>();
      const seen = new Set<string>();
      const walk = (k: string) => {
        for (const from of into.get(k) ?? []) {
          if (seen.has(from)) continue;
          seen.add(from);
          if (from.startsWith('connector/')) found.add(from);
          else walk(from);
        }
      };
      walk(sink);
      this.sources.set(sink, [...found]);
    }
  }

  /** the breaker of `sink` opens (true) or closes */
  set(sink: string, isOpen: boolean): void {
    if (isOpen === this.open.has(sink)) return;
    if (isOpen) this.open.add(sink);
    else this.open.delete(sink);
    for (const source of this.sources.get(sink) ?? []) this.router(source)?.hold(sink, isOpen);
  }
}
