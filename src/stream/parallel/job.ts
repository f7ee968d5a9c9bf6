/**
 * A query as the command line was given it, in a form a worker thread can receive (plain
 * data): each thread compiles it again, to the same plan.
 */
import path from 'node:path';
import { compileQuery } from '../../lang/query/compile.js';
import { FsLoader } from '../../lang/fsloader.js';
import { Source } from '../../base/source.js';
import { CompileError } from '../../base/diagnostics.js';
import { TremorError } from '../../lang/compile.js';
import { render } from '../../base/highlight.js';
import { parseExact } from '../../runtime/json.js';
import type { PipelinePlan } from '../../pipeline/plan.js';

export interface QueryJob {
  /** the query's text and the name its diagnostics give it (a file, or `<query>`) */
  text: string;
  name: string;
  /** the query file, when it came from one (its folder is searched for modules) */
  file: string | null;
  paths: string[];
  /** `--args`, as JSON text */
  args: string | null;
  exactNumbers: boolean;
}

export const jobSource = (job: QueryJob): Source => new Source(job.name, job.text);

/** the plan the command line runs: undelivered error events routed to a port of their own */
export function compileJob(job: QueryJob, src: Source = jobSource(job)): PipelinePlan {
  const loader = new FsLoader({ main: job.file ? path.resolve(job.file) : undefined, paths: job.paths });
  return compileQuery(src, { loader, args: job.args ? parseExact(job.args) : {} }).plan;
}

/** a runtime error as `query` prints it (a diagnostic, located in the query), or null */
export function renderError(e: unknown, main: Source): string | null {
  if (e instanceof CompileError) return e.diagnostics.map((d) => render(d, { main })).join('');
  if (e instanceof TremorError) return render(e.diagnostic, { main });
  return null;
}
