/**
 * `tremor-stream check FILE…`: compiles a script or module (.tremor), a query (.trickle) or a
 * deployment (.troy, with every deploy-time check but without running it) and reports
 * diagnostics; exit 0 when every file compiles. A .tremor file is a script or a module of
 * definitions (`define connector …`, `fn`, `const`); when it is neither, the error reported is
 * the one found further into the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FsLoader } from '../../lang/fsloader.js';
import { checkSource } from '../../app/check-source.js';
import { Source } from '../../base/source.js';
import { parseArgs, UsageError } from '../args.js';
import { denied, printDiagnostics, printError } from '../report.js';

export async function check(argv: string[]): Promise<number> {
  const p = parseArgs(argv, [{ name: 'path', value: true, multiple: true }, { name: 'deny-warnings' }]);
  if (p.positionals.length === 0) throw new UsageError('usage: tremor-stream check FILE… [--deny-warnings]');
  const deny = p.flags.has('deny-warnings');
  let status = 0;
  for (const file of p.positionals) {
    const src = new Source(file, fs.readFileSync(file, 'utf8'));
    const loader = new FsLoader({ main: path.resolve(file), paths: p.options.get('path') });
    try {
      const warnings = checkSource(src, loader);
      printDiagnostics(warnings, src);
      if (denied(warnings, deny, file)) status = 1;
      else process.stderr.write(`${file}: ok\n`);
    } catch (e) {
      if (!printError(e, src)) throw e;
      status = 1;
    }
  }
  return status;
}
