/**
 * tremor::windows (reference §6.4): return values for state-window scripts,
 * `[emit, include]` pairs or `false`.
 */
import { module, type StdModule } from './registry.js';

export const windows: StdModule = module([], {
  EMIT_AND_INCLUDE: [true, true],
  EMIT_AND_EXCLUDE: [true, false],
  DONT_EMIT: false,
});
