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
import { openInput, type Input } from '../../stream/input.js';
import { routeUndelivered, undeliveredFrom, UndeliveredErrors } from '../../flow/undelivered.js';
import { outputFailure } from '../../flow/output-failure.js';
import { messageOf } from '../../base/message-of.js';
import { option, parseArgs, UsageError } from '../args.js';
import { denied, printDiagnostics, printError } from '../report.js';
import type { PipelinePlan } from '../../pipeline/plan.js';

/** how long the output may take to drain after a signal (as a deployment's drain) */
const DRAIN_MS = 5000;

export async function query(argv: string[]): Promise<number> {
  const p = parseArgs(argv, [
    { name: 'file', short: 'f', value: true },
    { name: 'in', short: 'i', value: true },
    { name: 'out', short: 'o', value: true },
    { name: 'args', value: true },
    { name: 'path', value: true, multiple: true },
    { name: 'no-flush' },
    { name: 'exact-numbers' },
    { name: 'deny-warnings' },
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
  if (denied(plan.warnings, p.flags.has('deny-warnings'), src.name)) return 1;
  const inFile = option(p, 'in');
  const outFile = option(p, 'out');
  return runQuery(plan, src, {
    in: inFile && inFile !== '-' ? inFile : null,
    out: outFile && outFile !== '-' ? outFile : null,
    flush: !p.flags.has('no-flush'),
    exactNumbers: p.flags.has('exact-numbers'),
  });
}

interface QueryIo {
  in: string | null;
  out: string | null;
  flush: boolean;
  exactNumbers: boolean;
}

/**
 * Runs the plan over the input. Exit status: 0, or 2 when a line was bad, an event failed or
 * an error event was not delivered; 3 (one line) when the input or output failed; 0 at once,
 * quietly, when the output pipe was closed (`| head`).
 *
 * SIGINT / SIGTERM stop the reading: what was read is still processed and written, open
 * windows are flushed as at the end of the input, and the status is what it would have been.
 * The drain is bounded (DRAIN_MS, as a deployment's): a stuck output ends it, reported. A
 * second signal ends the process at once (the handlers are installed once).
 */
async function runQuery(plan: PipelinePlan, src: Source, io: QueryIo): Promise<number> {
  let status = 0;
  const undelivered = new UndeliveredErrors();
  const inName = io.in ?? 'standard input';
  const outName = io.out ?? 'standard output';
  let input: Input;
  try {
    input = openInput(io.in);
  } catch (e) {
    process.stderr.write(`tremor-stream: cannot read ${inName}: ${messageOf(e)}\n`);
    return 3;
  }
  const output = io.out ? fs.createWriteStream(io.out) : process.stdout;
  let inputError: unknown = null;
  let outputError: unknown = null;
  input.stream.once('error', (e) => (inputError ??= e));
  output.once('error', (e) => (outputError ??= e));
  const decoder = new JsonLinesDecoder({
    exactNumbers: io.exactNumbers,
    onError: (e) => {
      process.stderr.write(`line ${e.line}: ${e.message}\n`);
      status = 2;
    },
    onCut: (line, bytes) => process.stderr.write(`line ${line}: not processed: the input was stopped in the middle of it (${bytes} bytes read)\n`),
  });
  const stream = new QueryStream(routeUndelivered(plan), {
    flush: io.flush,
    onError: (e) => {
      if (!printError(e, src)) process.stderr.write(`error: ${(e as Error).message ?? e}\n`);
      status = 2;
    },
  });
  const encoder = new JsonLinesEncoder({
    onPort: (port, line) => {
      const script = undeliveredFrom(port);
      if (script !== null) {
        undelivered.add(`script ${script}`);
        process.stderr.write(`${script}/err\t${line}\n`);
      } else if (port === 'err') process.stderr.write(line + '\n');
      else output.write(`${port}\t${line}\n`);
    },
    onError: (port, e) => {
      process.stderr.write(`error: an event on port ${port} was not written: ${e.message}\n`);
      status = 2;
    },
  });

  let drainTimer: NodeJS.Timeout | null = null;
  let drainTimedOut = false;
  const onSignal = () => {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    decoder.cut();
    input.stop();
    drainTimer = setTimeout(() => {
      drainTimedOut = true;
      input.stream.destroy();
    }, DRAIN_MS);
    drainTimer.unref();
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    await pipeline(input.stream, decoder, stream, encoder, output);
  } catch (e) {
    if (drainTimedOut) {
      process.stderr.write(`tremor-stream: the output did not drain within ${DRAIN_MS} ms after the signal; what was still in flight is lost\n`);
      return status;
    }
    if (outputError !== null) {
      if (outputFailure(outputError) === 'closed') return 0;
      process.stderr.write(`tremor-stream: cannot write ${outName}: ${messageOf(outputError)}\n`);
      return 3;
    }
    if (inputError !== null) {
      process.stderr.write(`tremor-stream: cannot read ${inName}: ${messageOf(inputError)}\n`);
      return 3;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    if (drainTimer) clearTimeout(drainTimer);
  }
  const summary = undelivered.summary();
  if (summary !== null) {
    process.stderr.write(`tremor-stream: ${summary}\n`);
    status = 2;
  }
  return status;
}
