/**
 * `tremor-stream explain FILE|QUERY`: prints the AST, the IR and the generated JavaScript of
 * a script or query, to see what the compiler made of it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileScript } from '../../lang/script.js';
import { compileQuery } from '../../lang/query/compile.js';
import { FsLoader } from '../../lang/fsloader.js';
import { Source } from '../../base/source.js';
import { explainText } from '../../lang/explain.js';
import { compileDeployment } from '../../deploy/compile.js';
import { graphText } from '../../deploy/graph-text.js';
import { parseArgs, UsageError } from '../args.js';
import { printError } from '../report.js';

export async function explain(argv: string[]): Promise<number> {
  const p = parseArgs(argv, [{ name: 'script' }, { name: 'graph' }, { name: 'dot' }]);
  const [arg] = p.positionals;
  if (!arg) throw new UsageError('usage: tremor-stream explain FILE|QUERY [--script] | explain APP.troy [--graph] [--dot]');
  const isFile = fs.existsSync(arg) && fs.statSync(arg).isFile();
  const src = isFile ? new Source(arg, fs.readFileSync(arg, 'utf8')) : new Source('<query>', arg);
  const loader = new FsLoader({ main: isFile ? path.resolve(arg) : undefined });
  if (arg.endsWith('.troy') || p.flags.has('graph')) {
    // a deployment: its flows' graphs, as Mermaid (default) or DOT
    try {
      const { plan } = compileDeployment(src, { loader });
      process.stdout.write(graphText(plan.flows, p.flags.has('dot') ? 'dot' : 'mermaid'));
      return 0;
    } catch (e) {
      if (printError(e, src)) return 1;
      throw e;
    }
  }
  const asScript = p.flags.has('script') || arg.endsWith('.tremor');
  try {
    const text = asScript ? explainText(compileScript(src, { loader })) : explainText(compileQuery(src, { loader }));
    process.stdout.write(text);
    return 0;
  } catch (e) {
    if (printError(e, src)) return 1;
    throw e;
  }
}
