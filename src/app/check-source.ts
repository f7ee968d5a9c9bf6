/**
 * Checking one source as `tremor-stream check` does, by its kind: a deployment (.troy, every
 * deploy-time check, not run), a query (.trickle), or a script or module (.tremor; whichever
 * reading gets further into the file reports). Returns the warnings; throws the CompileError
 * (or TremorError) with the errors. Shared by `check` and the language server.
 */
import path from 'node:path';
import { CompileError, type Diagnostic } from '../base/diagnostics.js';
import type { Source } from '../base/source.js';
import { compileDeployment } from '../deploy/compile.js';
import { Program } from '../lang/program.js';
import { compileQuery } from '../lang/query/compile.js';
import { compileScript } from '../lang/script.js';
import type { ModuleLoader } from '../lang/scope.js';

export function checkSource(src: Source, loader: ModuleLoader): readonly Diagnostic[] {
  if (src.name.endsWith('.trickle')) return compileQuery(src, { loader }).plan.warnings;
  if (src.name.endsWith('.troy')) return compileDeployment(src, { loader }).warnings;
  return checkScriptOrModule(src, loader);
}

function checkScriptOrModule(src: Source, loader: ModuleLoader): readonly Diagnostic[] {
  try {
    return compileScript(src, { loader }).warnings;
  } catch (asScript) {
    if (!(asScript instanceof CompileError)) throw asScript;
    const program = new Program(loader);
    try {
      program.module(src, [path.basename(src.name).replace(/\.[^.]*$/, '')]);
      return program.warnings;
    } catch (asModule) {
      if (!(asModule instanceof CompileError)) throw asModule;
      const reach = (e: CompileError) => e.first.span?.start ?? -1;
      throw reach(asModule) > reach(asScript) ? asModule : asScript;
    }
  }
}
