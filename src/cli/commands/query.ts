/**
 * `tremor-stream query 'select …' | -f FILE [--in FILE] [--out FILE] [--no-flush]
 * [--args JSON] [--path DIR]`: JSON lines in, JSON lines out, like jq. Events on port `out`
 * are written to the output; `err` and other ports, lines that are not JSON and runtime
 * errors go to stderr, and processing continues.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import type { Source } from '../../base/source.js';
import { JsonLinesDecoder, type DecodeError } from '../../stream/decoder.js';
import { compileJob, jobSource, renderError, type QueryJob } from '../../stream/parallel/job.js';
import { LineBatches } from '../../stream/parallel/batch.js';
import { ParallelQuery, SMALL_INPUT } from '../../stream/parallel/pool.js';
import { startThreads, type QueryThread } from '../../stream/parallel/query-thread.js';
import { statefulNode } from '../../pipeline/stateless.js';
import { showProgress } from '../progress.js';
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
    { name: 'threads', short: 'j', value: true },
  ]);
  const file = option(p, 'file');
  if (!file && p.positionals.length !== 1) throw new UsageError("usage: tremor-stream query 'select …' | -f FILE [--in FILE] [--out FILE]");
  const job: QueryJob = {
    text: file ? fs.readFileSync(file, 'utf8') : p.positionals[0],
    name: file ?? '<query>',
    file: file ? path.resolve(file) : null,
    paths: p.options.get('path') ?? [],
    args: option(p, 'args') ?? null,
    exactNumbers: p.flags.has('exact-numbers'),
  };
  const threads = threadCount(option(p, 'threads'));
  const inFile = option(p, 'in');
  // for a large file the worker threads start before the main thread compiles: they compile
  // on the other cores meanwhile; for a pipe they start once a second batch has come (a
  // thread costs ~0.1 s of start-up, too much for a few lines)
  const early = threads > 1 && largeFile(inFile) ? startThreads(job, threads - 1) : [];
  const stopEarly = () => {
    for (const t of early) t.stop();
  };
  const src = jobSource(job);
  let plan: PipelinePlan;
  try {
    plan = compileJob(job, src);
  } catch (e) {
    stopEarly();
    if (printError(e, src)) return 1;
    throw e;
  }
  const parallel = threads > 1 && statefulNode(plan) === null;
  if (!parallel) stopEarly();
  printDiagnostics(plan.warnings, src);
  if (denied(plan.warnings, p.flags.has('deny-warnings'), src.name)) {
    stopEarly();
    return 1;
  }
  const outFile = option(p, 'out');
  return runQuery(plan, src, {
    in: inFile && inFile !== '-' ? inFile : null,
    out: outFile && outFile !== '-' ? outFile : null,
    flush: !p.flags.has('no-flush'),
    exactNumbers: job.exactNumbers,
    // a stateless query runs on several threads; one with state keeps one
    parallel: parallel ? { job, threads, workers: early } : null,
  });
}

interface QueryIo {
  in: string | null;
  out: string | null;
  flush: boolean;
  exactNumbers: boolean;
  parallel: { job: QueryJob; threads: number; workers: QueryThread[] } | null;
}

/** the size of the input when it is a regular file (stdin when `name` is null), else 0 */
function fileSize(name: string | null): number {
  try {
    const st = name ? fs.statSync(name) : fs.fstatSync(0);
    return st.isFile() ? st.size : 0;
  } catch {
    return 0;
  }
}

/** the input is a regular file of at least two batches (stdin when `--in` is not given) */
function largeFile(name: string | undefined): boolean {
  return fileSize(name && name !== '-' ? name : null) >= SMALL_INPUT;
}

/** `--threads N` (default: the machine's parallelism); 1 runs on the main thread only */
function threadCount(text: string | undefined): number {
  if (text === undefined) return os.availableParallelism();
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--threads: expected a whole number from 1 to 256, got ${JSON.stringify(text)}`);
  return n;
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
    for (const t of io.parallel?.workers ?? []) t.stop();
    process.stderr.write(`tremor-stream: cannot read ${inName}: ${messageOf(e)}\n`);
    return 3;
  }
  const output = io.out ? fs.createWriteStream(io.out) : process.stdout;
  let inputError: unknown = null;
  let outputError: unknown = null;
  input.stream.once('error', (e) => (inputError ??= e));
  output.once('error', (e) => (outputError ??= e));
  const onBadLine = (e: DecodeError) => {
    process.stderr.write(`line ${e.line}: ${e.message}\n`);
    status = 2;
  };
  const onCut = (line: number, bytes: number) => process.stderr.write(`line ${line}: not processed: the input was stopped in the middle of it (${bytes} bytes read)\n`);
  const onRuntimeError = (text: string) => {
    process.stderr.write(text);
    status = 2;
  };
  const onPort = (port: string, line: string) => {
    const script = undeliveredFrom(port);
    if (script !== null) {
      undelivered.add(`script ${script}`);
      process.stderr.write(`${script}/err\t${line}\n`);
    } else if (port === 'err') process.stderr.write(line + '\n');
    else output.write(`${port}\t${line}\n`);
  };
  const onEncodeError = (port: string, message: string) => {
    process.stderr.write(`error: an event on port ${port} was not written: ${message}\n`);
    status = 2;
  };
  const routed = routeUndelivered(plan);
  const errorText = (e: unknown) => renderError(e, src) ?? `error: ${(e as Error).message ?? e}\n`;
  let stages: NodeJS.ReadWriteStream[];
  let cut: () => void;
  let lines: () => number;
  if (io.parallel) {
    const local = new LineBatches(routed, { exactNumbers: io.exactNumbers }, errorText);
    const par = new ParallelQuery({ ...io.parallel, local, onBadLine, onError: onRuntimeError, onPort, onEncodeError, onCut });
    stages = [par];
    cut = () => par.cut();
    lines = () => par.lines;
  } else {
    const decoder = new JsonLinesDecoder({ exactNumbers: io.exactNumbers, onError: onBadLine, onCut });
    const stream = new QueryStream(routed, { flush: io.flush, onError: (e) => onRuntimeError(errorText(e)) });
    const encoder = new JsonLinesEncoder({ onPort, onError: (port, e) => onEncodeError(port, e.message) });
    stages = [decoder, stream, encoder];
    cut = () => decoder.cut();
    lines = () => decoder.lines;
  }
  // a progress bar on a terminal, for a file whose size is known
  let read = 0;
  const stopProgress = await showProgress({ bytes: () => read, total: fileSize(io.in), events: lines });
  if (stopProgress) input.stream.on('data', (c: Buffer) => (read += c.length));

  let drainTimer: NodeJS.Timeout | null = null;
  let drainTimedOut = false;
  const onSignal = () => {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    cut();
    input.stop();
    drainTimer = setTimeout(() => {
      drainTimedOut = true;
      input.stream.destroy();
    }, DRAIN_MS);
    drainTimer.unref();
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    await pipeline([input.stream, ...stages, output]);
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
    stopProgress?.();
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
