/**
 * The aggregate function table: `aggr::stats::*` and `aggr::win::*` (reference §7).
 */
import type { AggrFn } from './registry.js';
import { stats } from './stats.js';
import { win } from './win.js';

const MODULES: Readonly<Record<string, Readonly<Record<string, AggrFn>>>> = Object.freeze({ stats, win });

export function aggregateFn(module: string, name: string): AggrFn | undefined {
  const m = Object.prototype.hasOwnProperty.call(MODULES, module) ? MODULES[module] : undefined;
  return m && Object.prototype.hasOwnProperty.call(m, name) ? m[name] : undefined;
}
