/**
 * Module loading for one compilation: `use` resolves a path to a std library module or to a
 * module file, which is loaded through the ModuleLoader once (cached by file name), run
 * statement by statement, and refused when it is already being loaded (a cycle).
 *
 * Running a statement is not this file's job: the program passes `run` in
 * (src/lang/program.ts), so that loading does not depend on what statements do.
 */
import type * as A from './ast.js';
import { fail } from '../base/diagnostics.js';
import type { Source, Span } from '../base/source.js';
import type { StdModule } from '../std/registry.js';
import { parseModule } from './parse.js';
import { ModuleScope, moduleNotFound, type ModRef, type ModuleLoader } from './scope.js';

export class ModuleLoading {
  private readonly modules = new Map<string, ModuleScope>();
  private readonly loading = new Set<string>();

  constructor(
    readonly loader: ModuleLoader,
    readonly std: StdModule,
    private readonly run: (scope: ModuleScope, s: A.ModuleStmt) => void,
  ) {}

  use(scope: ModuleScope, u: A.Use): void {
    for (const imp of u.imports) {
      const ref: ModRef = this.stdModule(imp.path) ?? { k: 'user', scope: this.load(imp.path, imp.span) };
      scope.aliases.set(imp.alias, ref);
    }
  }

  stdModule(path: string[]): ModRef | null {
    let mod: StdModule | undefined = this.std;
    for (const n of path) {
      mod = mod.mods[n];
      if (!mod) return null;
    }
    return { k: 'std', mod, path };
  }

  load(path: string[], span: Span): ModuleScope {
    const src = this.loader.load(path, span.src);
    if (!src) return moduleNotFound(path, span, this.loader);
    const cached = this.modules.get(src.name);
    if (cached) return cached;
    if (this.loading.has(src.name)) fail('C005', `Cyclic module dependency: ${path.join('::')}`, span);
    this.loading.add(src.name);
    try {
      const scope = this.module(src, path);
      this.modules.set(src.name, scope);
      return scope;
    } finally {
      this.loading.delete(src.name);
    }
  }

  /** parses a module file and runs its statements (definitions are checked as they are made) */
  module(src: Source, path: string[]): ModuleScope {
    const ast = parseModule(src);
    const scope = new ModuleScope(path, src);
    for (const s of ast.body) this.run(scope, s);
    return scope;
  }
}
