/**
 * `tremor-stream fmt FILE… [--write | --check]`: formats tremor-script (.tremor), trickle
 * (.trickle) and troy (.troy) files (src/lang/format.ts: white space only, comments kept).
 * Without a flag the formatted text of each file goes to stdout; `--write` rewrites the files
 * that change; `--check` lists them and exits 1 when there are any (for CI).
 */
import fs from 'node:fs';
import { format } from '../../lang/format.js';
import { parseArgs, UsageError } from '../args.js';
import { printError } from '../report.js';

export async function fmt(argv: string[]): Promise<number> {
  const p = parseArgs(argv, [{ name: 'write', short: 'w' }, { name: 'check' }]);
  if (p.positionals.length === 0) throw new UsageError('usage: tremor-stream fmt FILE… [--write | --check]');
  if (p.flags.has('write') && p.flags.has('check')) throw new UsageError('fmt: --write and --check exclude each other');
  let status = 0;
  for (const file of p.positionals) {
    const text = fs.readFileSync(file, 'utf8');
    let out: string;
    try {
      out = format(text, file);
    } catch (e) {
      if (printError(e)) {
        status = 1;
        continue;
      }
      throw e;
    }
    if (p.flags.has('check')) {
      if (out !== text) {
        process.stdout.write(`${file}\n`);
        status = 1;
      }
    } else if (p.flags.has('write')) {
      if (out !== text) fs.writeFileSync(file, out);
    } else process.stdout.write(out);
  }
  return status;
}
