/**
 * The standard library as the editor sees it: modules by path (`std::string`, or `string`
 * as written after `use std::string;`), their functions with signatures, and a function's
 * documentation.
 */
import { stdRoot } from '../std/index.js';
import type { StdFn, StdModule } from '../std/registry.js';

export class StdLookup {
  private readonly root: StdModule = stdRoot();

  /** the module at `path` (absolute, or relative to `std` / `tremor`) */
  module(path: readonly string[]): StdModule | null {
    for (const base of [[], ['std'], ['tremor']]) {
      let m: StdModule | undefined = this.root;
      for (const p of [...base, ...path]) m = m?.mods[p];
      if (m) return m;
    }
    return null;
  }

  /** the function at `path` (`std::string::len`, `string::len`) */
  fn(path: readonly string[]): StdFn | null {
    if (path.length < 2) return null;
    return this.module(path.slice(0, -1))?.fns[path[path.length - 1]] ?? null;
  }

  /** the top-level modules (`std`, `tremor`) and those of `std` */
  get topModules(): string[] {
    return [...Object.keys(this.root.mods), ...Object.keys(this.root.mods.std?.mods ?? {})];
  }
}

/** `string::len(s)`-style signature from the arity (names are positional: a, b, …) */
export function signature(f: StdFn, params?: readonly string[]): string {
  const names = params ?? Array.from({ length: Number.isFinite(f.maxArity) ? f.maxArity : f.minArity }, (_, i) => String.fromCharCode(97 + i));
  const shown = names.map((n, i) => (i >= f.minArity ? `${n}?` : n));
  if (!Number.isFinite(f.maxArity)) shown.push('...');
  return `${f.fullName}(${shown.join(', ')})`;
}
