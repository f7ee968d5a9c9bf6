/**
 * `tremor-stream query 'select …' | -f FILE [--in FILE] [--out FILE] [--no-flush]
 * [--args JSON] [--path DIR]`: JSON lines in, JSON lines out, like jq. Events on port `out`
 * are written to the output; `err` and other ports, lines that are not JSON and runtime
 * errors go to stderr, and processing continues.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { compileQuery } from '../../lang/query/compile.js';
import { FsLoader } from '../../lang/fsloader.js';
import { Source } from '../../base/source.js';
import { parseExact } from '../../runtime/json.js';
import { JsonLinesDecoder } from '../../stream/decoder.js';
import { JsonLinesEncoder } from '../../stream/encoder.js';
import { QueryStream } from '../../stream/query-stream.js';
import { option, parseArgs, UsageError } from '../args.js';
import { printDiagnostics, printError } from '../report.js';
import type { PipelinePlan } from '../../pipeline/plan.js';

export async function query(argv: string[]): Promise<number> {
  const p = parseArgs(argv, [
    { name: 'file', short: 'f', value: true },
    { name: 'in', short: 'i', value: true },
    { name: 'out', short: 'o', value: true },
    { name: 'args', value: true },
    { name: 'path', value: true, multiple: true },
    { name: 'no-flush' },
    { name: 'exact-numbers' },
  ]);
  const file = option(p, 'file');
  if (!file && p.positionals.length !== 1) throw new UsageError("usage: tremor-stream query 'select …' | -f FILE [--in FILE] [--out FILE]");
  const src = file ? new Source(file, fs.readFileSync(file, 'utf8')) : new Source('<query>', p.positionals[0]);
  const args = option(p, 'args');
  let plan: PipelinePlan;
  try {
    const loader = new FsLoader({ main: file ? path.resolve(file) : undefined, paths: p.options.get('path') });
    plan = compileQuery(src, { loader, args: args ? parseExact(args) : {} }).plan;
  } catch (e) {
    if (printError(e, src)) return 1;
    throw e;
  }
  printDiagnostics(plan.warnings, src);
  let status = 0;
  const inFile = option(p, 'in');
  const outFile = option(p, 'out');
  // large reads: a paused-then-resumed pipe reads one chunk at a time, so each read's latency
  // shows; 1 MiB chunks make that negligible and give the query large batches
  const input = fs.createReadStream(inFile && inFile !== '-' ? inFile : '', { fd: inFile && inFile !== '-' ? undefined : 0, highWaterMark: 1 << 20 });
  const output = outFile && outFile !== '-' ? fs.createWriteStream(outFile) : process.stdout;
  const decoder = new JsonLinesDecoder({
    exactNumbers: p.flags.has('exact-numbers'),
    onError: (e) => {
      process.stderr.write(`line ${e.line}: invalid JSON: ${e.message}\n`);
      status = 2;
    },
  });
  const stream = new QueryStream(plan, {
    flush: !p.flags.has('no-flush'),
    onError: (e) => {
      if (!printError(e, src)) process.stderr.write(`error: ${(e as Error).message ?? e}\n`);
      status = 2;
    },
  });
  const encoder = new JsonLinesEncoder({
    onPort: (port, line) => {
      if (port === 'err') process.stderr.write(line + '\n');
      else output.write(`${port}\t${line}\n`);
    },
  });
  await pipeline(input, decoder, stream, encoder, output);
  return status;
}
