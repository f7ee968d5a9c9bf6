/**
 * Module scopes and `use`.
 *
 * Every file (the main script or query, and each module it uses) has a ModuleScope holding
 * what it defines — constants, functions, and the troy/trickle definitions — and the aliases
 * its `use` statements bound. An alias points either into the std library tree or at another
 * file's scope. Scopes are lexical: a `define script` or `define pipeline` body starts a
 * fresh scope and does not see the enclosing `use`s (reference §5.9, deployment §1.4).
 */
import type * as A from './ast.js';
import type { FnRef } from './ir.js';
import type { StdModule } from '../std/registry.js';
import type { Source, Span } from '../base/source.js';
import type { Value } from '../runtime/value.js';
import { errorWithContext, failWith } from '../base/diagnostics.js';

export type ModRef = { k: 'std'; mod: StdModule; path: string[] } | { k: 'user'; scope: ModuleScope };

/** A definition of trickle or troy, kept as AST with the scope it was written in. */
export interface Definition<T> {
  ast: T;
  scope: ModuleScope;
}

export class ModuleScope {
  readonly consts = new Map<string, Value>();
  readonly fns = new Map<string, FnRef>();
  readonly aliases = new Map<string, ModRef>();
  readonly windows = new Map<string, Definition<A.DefineWindow>>();
  readonly scripts = new Map<string, Definition<A.DefineScript>>();
  readonly operators = new Map<string, Definition<A.DefineOperator>>();
  readonly pipelines = new Map<string, Definition<A.DefinePipeline>>();
  readonly connectors = new Map<string, Definition<A.DefineConnector>>();
  readonly flows = new Map<string, Definition<A.DefineFlow>>();

  constructor(
    /** the module's path (`["foo", "bar"]`); empty for the main file */
    readonly path: string[],
    readonly source: Source,
  ) {}

  /** a fresh scope for a nested body (define script/pipeline/flow): nothing is inherited */
  nested(): ModuleScope {
    return new ModuleScope(this.path, this.source);
  }

  /**
   * Resolves `a::b::…` to the scope or std module that holds the last name. Returns null
   * when the first segment is not an alias in this scope.
   */
  resolveModule(names: string[]): ModRef | null {
    let ref: ModRef | undefined = this.aliases.get(names[0]);
    for (let i = 1; ref && i < names.length; i++) {
      const n = names[i];
      if (ref.k === 'std') {
        const m: StdModule | undefined = ref.mod.mods[n];
        ref = m ? { k: 'std', mod: m, path: [...ref.path, n] } : undefined;
      } else {
        ref = ref.scope.aliases.get(n);
      }
    }
    return ref ?? null;
  }
}

/** Finds module files on the search path. */
export interface ModuleLoader {
  /** the source of module `path` (`a/b/c.tremor`, `.trickle`, `.troy`) as seen from `from` */
  load(path: string[], from: Source): Source | null;
  /** the folders searched from `from`, for the "not found" message */
  searchPath(from: Source): string[];
}

/** A loader that finds nothing: for queries compiled without a file system. */
export const noModules: ModuleLoader = {
  load: () => null,
  searchPath: () => [],
};

/**
 * Tremor's `ModuleNotFound`: the module path underlined, two lines shown either side, and the
 * searched folders listed one per line under the message (the message itself holds the line
 * breaks and Tremor's 25-space indent, so they are not part of the gutter).
 */
export function moduleNotFound(path: string[], span: Span, loader: ModuleLoader): never {
  const dirs = loader.searchPath(span.src);
  const list = dirs.map((d) => `\n${' '.repeat(25)}- ${d}`).join('');
  return failWith(errorWithContext('C005', `Module \`${path.join('::')}\` not found or not readable error in module path: ${list}`, span));
}
