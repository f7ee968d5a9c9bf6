#!/usr/bin/env node
/**
 * `tremor-stream`: dispatch only; each command lives in src/cli/commands/.
 *
 * Exit statuses: 0 success (a closed output pipe, as with `| head`, also ends the process
 * quietly with 0); 1 compile error or bad usage; 2 runtime errors while processing events (bad
 * lines, failed events, error events nothing received; the other events were processed); 3 an
 * input or output could not be used (one line says which and why).
 */
import { UsageError } from './args.js';

const USAGE = `usage: tremor-stream <command> [options]

commands:
  run FILE.troy [more.troy …] [--path DIR] [--api [HOST:]PORT]
                                             deploy and run flows; --api serves the
                                             control API (/v1, /metrics, /ping, /ready)
  query 'select …' | -f FILE [--in FILE] [--out FILE] [--no-flush] [--args JSON]
        [--threads N]                        JSON lines through a query, like jq; a
                                             stateless query uses N threads (default:
                                             every core)
  check FILE…                                compile scripts, modules, queries, deployments
  explain FILE|QUERY                         show AST, IR and generated JavaScript
  explain APP.troy [--graph] [--dot]         the flows' graph as Mermaid (or DOT)
  doc [--out FILE] [--module PREFIX]         the standard library reference (Markdown)
  conformance query|script|flow FILE …       the conformance runner's contract
  test [integration|bench|unit|all] PATH [--includes TAG,…] [--excludes TAG,…] [--only REGEX]
       [--junit FILE] [--timeout-ms N] [--verbose] [--keep]
                                             run a suite in Tremor's test layout
  fmt FILE… [--write | --check]              format .tremor, .trickle and .troy files
  lsp [--stdio]                              the language server (JSON-RPC on stdio)

check, query and run print warnings; --deny-warnings makes them fatal (exit 1)

exit status: 0 ok, 1 compile error or usage, 2 runtime errors, 3 i/o error
`;

/**
 * A write to a closed stdout fails with EPIPE, and a stream error nobody listens to would end
 * the process with a stack. The commands watch their own outputs (query.ts, flow.ts); these
 * listeners only keep a late failure (after the command has given its status) from crashing.
 */
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    // commands load on demand: start-up time is part of every short run
    case 'query':
      return (await import('./commands/query.js')).query(rest);
    case 'check':
      return (await import('./commands/check.js')).check(rest);
    case 'explain':
      return (await import('./commands/explain.js')).explain(rest);
    case 'doc':
      return (await import('./commands/doc.js')).doc(rest);
    case 'conformance':
      return (await import('./commands/conformance.js')).conformance(rest);
    case 'run':
      return (await import('./commands/run.js')).run(rest);
    case 'test':
      return (await import('./commands/test.js')).test(rest);
    case 'fmt':
      return (await import('./commands/fmt.js')).fmt(rest);
    case 'lsp':
      return (await import('./commands/lsp.js')).lsp(rest);
    case '--version':
    case 'version':
      process.stdout.write('tremor-stream 0.1.0\n');
      return 0;
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return cmd === undefined ? 1 : 0;
    default:
      throw new UsageError(`unknown command ${cmd}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // a deployment may leave handles behind (stdin, sockets), a query a read of a FIFO
    // waiting for data: the command's end is the process's end, once stdout is flushed
    if (process.argv[2] === 'run' || process.argv[2] === 'conformance' || process.argv[2] === 'query') {
      const out = process.stdout;
      if (out.destroyed || out.writableEnded || out.errored) process.exit(code);
      else out.write('', () => process.exit(code));
    }
  },
  (e) => {
    if (e instanceof UsageError) {
      process.stderr.write(`tremor-stream: ${e.message}\n`);
      process.exitCode = 1;
    } else if (e && (e as NodeJS.ErrnoException).code && typeof (e as NodeJS.ErrnoException).path === 'string') {
      process.stderr.write(`tremor-stream: ${(e as Error).message}\n`);
      process.exitCode = 3;
    } else {
      process.stderr.write(`tremor-stream: internal error: ${(e as Error)?.stack ?? e}\n`);
      process.exitCode = 70;
    }
    // worker threads of a query would keep the process alive
    if (process.argv[2] === 'query') process.stderr.write('', () => process.exit());
  },
);
