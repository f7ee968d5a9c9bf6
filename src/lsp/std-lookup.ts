/**
 * The standard library as the editor sees it: modules by path (`std::string`, or `string`
 * as written after `use std::string;`), their functions with signatures, and a function's
 * documentation.
 */
import { stdRoot } from '../std/index.js';
import type { StdFn, StdModule } from '../std/registry.js';

export class StdLookup {
  private readonly root: StdModule = stdRoot();

  /** the module at `path` (absolute, or relative to `std` / `tremor`) and its full path */
  resolveModule(path: readonly string[]): { module: StdModule; full: string[] } | null {
    for (const base of [[], ['std'], ['tremor']]) {
      let m: StdModule | undefined = this.root;
      for (const p of [...base, ...path]) m = m?.mods[p];
      if (m) return { module: m, full: [...base, ...path] };
    }
    return null;
  }

  module(path: readonly string[]): StdModule | null {
    return this.resolveModule(path)?.module ?? null;
  }

  /** the function at `path` (`std::string::len`, `string::len`) and its full path */
  fn(path: readonly string[]): { fn: StdFn; full: string } | null {
    if (path.length < 2) return null;
    const m = this.resolveModule(path.slice(0, -1));
    const name = path[path.length - 1];
    const f = m?.module.fns[name];
    return m && f ? { fn: f, full: [...m.full, name].join('::') } : null;
  }

  /** the top-level modules (`std`, `tremor`) and those of `std` */
  get topModules(): string[] {
    return [...Object.keys(this.root.mods), ...Object.keys(this.root.mods.std?.mods ?? {})];
  }
}

/**
 * `string::len(s)`: with the documented parameters (`x?` optional, `...x` any number), else
 * from the arity (names are positional: a, b, …)
 */
export function signature(f: StdFn, params?: readonly string[]): string {
  if (params) return `${f.fullName}(${params.join(', ')})`;
  const names = Array.from({ length: Number.isFinite(f.maxArity) ? f.maxArity : f.minArity }, (_, i) => String.fromCharCode(97 + i));
  const shown = names.map((n, i) => (i >= f.minArity ? `${n}?` : n));
  if (!Number.isFinite(f.maxArity)) shown.push('...');
  return `${f.fullName}(${shown.join(', ')})`;
}
