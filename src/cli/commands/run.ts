/**
 * `tremor-stream run app.troy [more.troy …] [--path DIR]…`: deploys the files' flows in one
 * process, in the order given, and runs until they stop: an exit connector, every source
 * finished and drained, or SIGINT / SIGTERM (graceful). Files are read and written relative
 * to the current directory; modules are found in the file's folder, `--path` folders,
 * TREMOR_PATH and the bundled library.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileDeployment } from '../../deploy/compile.js';
import type { DeploymentPlan } from '../../deploy/plan.js';
import { runDeployment, type DeploymentHandle } from '../../flow/deployment.js';
import { showProgress } from '../progress.js';
import { FsLoader } from '../../lang/fsloader.js';
import { Source } from '../../base/source.js';
import { parseExact } from '../../runtime/json.js';
import { option, parseArgs, UsageError } from '../args.js';
import type { ApiServer } from '../../api/server.js';
import { denied, printDiagnostics, printError } from '../report.js';

export async function run(argv: string[]): Promise<number> {
  const p = parseArgs(argv, [{ name: 'path', value: true, multiple: true }, { name: 'deny-warnings' }, { name: 'api', value: true }]);
  if (p.positionals.length === 0) throw new UsageError('usage: tremor-stream run app.troy [more.troy …] [--path DIR] [--deny-warnings] [--api [HOST:]PORT]');
  const apiText = option(p, 'api');
  // the API and its packages (prom-client) load only when asked for
  const apiModule = apiText === undefined ? null : await import('../../api/server.js');
  let api: { host: string; port: number } | null = null;
  try {
    api = apiText === undefined || !apiModule ? null : apiModule.apiAddress(apiText);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const plan: DeploymentPlan = { flows: [] };
  for (const file of p.positionals) {
    const src = new Source(file, fs.readFileSync(file, 'utf8'));
    try {
      const c = compileDeployment(src, { loader: new FsLoader({ main: path.resolve(file), paths: p.options.get('path') }) });
      printDiagnostics(c.warnings, src);
      if (denied(c.warnings, p.flags.has('deny-warnings'), file)) return 1;
      plan.flows.push(...c.plan.flows);
    } catch (e) {
      if (printError(e, src)) return 1;
      throw e;
    }
  }
  // the control API: live counts are kept only then
  const handle = runDeployment(plan, { signals: true, report: reporter, stats: api !== null });
  const stopProgress = await runProgress(handle);
  if (!api || !apiModule) {
    const code = await handle.done;
    stopProgress?.();
    return code;
  }
  let server: ApiServer;
  try {
    server = await apiModule.startApi(() => handle.flows, api);
  } catch (e) {
    process.stderr.write(`tremor-stream: cannot serve the API on ${apiText}: ${(e as Error).message}\n`);
    await handle.stop();
    return 3;
  }
  process.stderr.write(`tremor-stream: API on http://${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}\n`);
  const code = await handle.done;
  stopProgress?.();
  await server.close();
  return code;
}

/**
 * A progress bar on a terminal while the deployment reads files: the file sources' bytes of
 * their sizes (known once they have opened, so the bar waits for the first of them)
 */
async function runProgress(handle: DeploymentHandle): Promise<(() => void) | null> {
  if (!process.stderr.isTTY) return null;
  const sum = () => {
    const out = { done: 0, total: 0, events: 0 };
    for (const f of handle.flows) {
      const p = f.progress();
      if (!p) continue;
      out.done += p.done;
      out.total += p.total;
      out.events += p.events;
    }
    return out;
  };
  // the sources open as the flows start
  const started = await Promise.race([handle.done.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), 200).unref())]);
  if (!started || sum().total === 0) return null;
  return showProgress({ bytes: () => sum().done, total: sum().total, events: () => sum().events });
}

/** `conformance flow FILE [--config JSON]`: deploy the file's flows, or `main` with the config's args */
export async function runFlowFile(file: string, config: string | undefined): Promise<number> {
  const src = new Source(file, fs.readFileSync(file, 'utf8'));
  let plan: DeploymentPlan;
  try {
    const args = config ? parseExact(fs.readFileSync(config, 'utf8')) : {};
    const c = compileDeployment(src, { loader: new FsLoader({ main: path.resolve(file) }), defaultFlow: 'main', args });
    printDiagnostics(c.warnings, src);
    plan = c.plan;
  } catch (e) {
    if (printError(e, src)) return 1;
    throw e;
  }
  return runDeployment(plan, { signals: true, report: reporter }).done;
}

function reporter(m: unknown): void {
  if (!printError(m)) process.stderr.write(`${m instanceof Error ? m.message : String(m)}\n`);
}

export { option };
