/**
 * `tremor-stream check FILE`: compiles a script (.tremor), query (.trickle) or deployment
 * (.troy) and reports diagnostics; exit 0 when it compiles.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileQuery } from '../../lang/query/compile.js';
import { compileScript } from '../../lang/script.js';
import { FsLoader } from '../../lang/fsloader.js';
import { parseDeploy } from '../../lang/parse.js';
import { Source } from '../../lang/source.js';
import { parseArgs, UsageError } from '../args.js';
import { printDiagnostics, printError } from '../report.js';

export async function check(argv: string[]): Promise<number> {
  const p = parseArgs(argv, [{ name: 'path', value: true, multiple: true }]);
  if (p.positionals.length === 0) throw new UsageError('usage: tremor-stream check FILE…');
  let status = 0;
  for (const file of p.positionals) {
    const src = new Source(file, fs.readFileSync(file, 'utf8'));
    const loader = new FsLoader({ main: path.resolve(file), paths: p.options.get('path') });
    try {
      if (file.endsWith('.trickle')) printDiagnostics(compileQuery(src, { loader }).plan.warnings, src);
      else if (file.endsWith('.troy')) parseDeploy(src);
      else printDiagnostics(compileScript(src, { loader }).warnings, src);
      process.stderr.write(`${file}: ok\n`);
    } catch (e) {
      if (!printError(e, src)) throw e;
      status = 1;
    }
  }
  return status;
}
