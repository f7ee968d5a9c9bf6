/**
 * `tremor-stream doc [--out FILE] [--module PREFIX]`: the standard library reference as
 * Markdown (src/std/docs/), on stdout or into FILE. `--module std::string` keeps only that
 * module, `--module std` every `std::…` module, `--module aggr` the aggregate functions.
 */
import fs from 'node:fs';
import { STD_DOCS } from '../../std/docs/index.js';
import { inModule, renderMarkdown } from '../../std/docs/markdown.js';
import { option, parseArgs, UsageError } from '../args.js';

export async function doc(argv: string[]): Promise<number> {
  const p = parseArgs(argv, [
    { name: 'out', value: true },
    { name: 'module', value: true },
  ]);
  if (p.positionals.length > 0) throw new UsageError('usage: tremor-stream doc [--out FILE] [--module PREFIX]');
  const module = option(p, 'module');
  if (module !== undefined && !STD_DOCS.some((m) => inModule(m.name, module))) {
    throw new UsageError(`doc: no module is ${module} or inside it (modules: ${STD_DOCS.map((m) => m.name).join(', ')})`);
  }
  const text = renderMarkdown(STD_DOCS, { module });
  const out = option(p, 'out');
  if (out === undefined) process.stdout.write(text);
  else fs.writeFileSync(out, text);
  return 0;
}
