/**
 * The `use` lines a script example needs: every `alias::` it mentions where `alias` is the
 * last segment of a documented std or tremor module (`string::len(…)` needs
 * `use std::string;`, `nanos::from_seconds(…)` needs `use std::time::nanos;`). Examples show
 * them, so each one can be pasted into a script as it is.
 */
import type { ModuleDoc } from './types.js';

/** alias → module path, for the modules scripts import (not `aggr::…`, called by full path) */
export function moduleAliases(modules: readonly ModuleDoc[]): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const m of modules) {
    if (m.name.startsWith('aggr::')) continue;
    out.set(m.name.slice(m.name.lastIndexOf('::') + 2), m.name);
  }
  return out;
}

/** `use …;` lines for the aliases that `code` mentions, in the order of first mention */
export function usesOf(code: string, aliases: ReadonlyMap<string, string>): string[] {
  const seen = new Set<string>();
  // a path starts at an identifier not preceded by `::` (so `integer::signed::MAX` is `integer`)
  for (const m of code.matchAll(/(?<![\w:])([a-z_][a-z0-9_]*)::/g)) {
    const path = aliases.get(m[1]);
    if (path) seen.add(path);
  }
  return [...seen].map((p) => `use ${p};`);
}
