/**
 * `tremor-stream test [integration|bench|unit|all] PATH [--includes TAG,…] [--excludes TAG,…]
 * [--only REGEX] [--junit FILE] [--timeout-ms N] [--verbose] [--keep]`: Tremor's test runner
 * (`tremor test`) for suites in Tremor's folder layout, each test run against this command
 * line (src/cli/test-runner/). Exit status: 0 nothing failed, 1 a test failed, 2 bad usage.
 */
import path from 'node:path';
import { isDir } from '../test-runner/files.js';
import { KINDS, type Kind } from '../test-runner/result.js';
import { runTests, type RunOptions } from '../test-runner/session.js';
import { option, parseArgs, UsageError } from '../args.js';

const USAGE = 'usage: tremor-stream test [integration|bench|unit|all] PATH [--includes TAG,…] [--excludes TAG,…] [--only REGEX] [--junit FILE] [--timeout-ms N] [--verbose] [--keep]';

/** comma-separated lists, the option possibly given several times */
const tagList = (vs: string[] | undefined): string[] =>
  (vs ?? [])
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

/** the options of a run; null for --help */
export function parseTestArgs(argv: string[]): RunOptions | null {
  const p = parseArgs(argv, [
    { name: 'includes', short: 'i', value: true, multiple: true },
    { name: 'excludes', short: 'e', value: true, multiple: true },
    { name: 'only', value: true },
    { name: 'junit', value: true },
    { name: 'timeout-ms', value: true },
    { name: 'verbose', short: 'v' },
    { name: 'keep' },
    { name: 'help', short: 'h' },
  ]);
  if (p.flags.has('help')) return null;
  // Tremor's defaults: kind `all`, PATH `tests`
  const [first, second, ...more] = p.positionals;
  if (more.length) throw new UsageError(`unexpected argument ${more[0]}`);
  const isKind = (s: string | undefined): s is Kind | 'all' => s === 'all' || KINDS.includes(s as Kind);
  let kind: Kind | 'all' = 'all';
  let dir = 'tests';
  if (second !== undefined) {
    if (!isKind(first)) throw new UsageError(`unknown kind of test ${first} (integration, bench, unit or all)`);
    kind = first;
    dir = second;
  } else if (first !== undefined) {
    if (isKind(first)) kind = first;
    else dir = first;
  }
  if (!isDir(dir)) throw new UsageError(`${dir}: not a directory`);
  let only: RegExp | null = null;
  const onlyText = option(p, 'only');
  if (onlyText !== undefined) {
    try {
      only = new RegExp(onlyText);
    } catch (e) {
      throw new UsageError(`--only: ${(e as Error).message}`);
    }
  }
  const timeoutText = option(p, 'timeout-ms') ?? '30000';
  if (!/^\d+$/.test(timeoutText) || Number(timeoutText) <= 0) throw new UsageError('--timeout-ms needs a positive integer');
  const junit = option(p, 'junit');
  if (junit !== undefined && !isDir(path.dirname(path.resolve(junit)))) throw new UsageError(`--junit ${junit}: no such folder ${path.dirname(junit)}`);
  return {
    kind,
    base: path.resolve(dir),
    filters: { includes: tagList(p.options.get('includes')), excludes: tagList(p.options.get('excludes')), only },
    timeoutMs: Number(timeoutText),
    junit: junit ? path.resolve(junit) : null,
    verbose: p.flags.has('verbose'),
    keep: p.flags.has('keep'),
  };
}

export async function test(argv: string[]): Promise<number> {
  let o: RunOptions | null;
  try {
    o = parseTestArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`tremor-stream: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (!o) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  return runTests(o);
}
