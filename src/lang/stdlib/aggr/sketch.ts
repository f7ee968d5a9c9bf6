/**
 * Percentile sketches: `aggr::stats::hdr` and `aggr::stats::dds`. Not implemented yet (they
 * land with windowed aggregation, issue 5): using them is reported when the window emits.
 */
import { fault } from '../../../runtime/fault.js';
import type { Accumulator } from './registry.js';

class Unsupported implements Accumulator {
  constructor(private readonly name: string) {}
  accumulate(): void {
    fault('C024', `aggr::stats::${this.name} is not supported yet`);
  }
  emit(): never {
    return fault('C024', `aggr::stats::${this.name} is not supported yet`);
  }
  merge(): void {}
}

export const hdr = (): Accumulator => new Unsupported('hdr');
export const dds = (): Accumulator => new Unsupported('dds');
