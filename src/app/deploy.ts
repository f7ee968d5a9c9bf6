/**
 * `deploy(troy, options)`: compile a troy deployment and run it, in one call. The handle's
 * `done` resolves with the exit status; `stop()` stops it gracefully. Connectors `from host`
 * are the program's own ends of the flow (connectors/host.ts): `input(alias)` is a Writable of
 * values into the flow, `output(alias)` a Readable — and async iterable — of the payloads that
 * reach it.
 *
 * ```ts
 * import { deploy } from 'tremor-stream';
 * const app = deploy(`define flow main flow
 *   define connector input from host; define connector output from host;
 *   define pipeline double pipeline select event * 2 from in into out; end;
 *   create connector input; create connector output; create pipeline double;
 *   connect /connector/input to /pipeline/double; connect /pipeline/double to /connector/output;
 * end; deploy flow main;`);
 * app.input('input').end(21);
 * for await (const v of app.output('output')) console.log(v); // 42
 * ```
 */
import type { Readable, Writable } from 'node:stream';
import { runDeployment, type DeploymentHandle, type RunOptions } from '../flow/deployment.js';
import type { Source } from '../base/source.js';
import { compileDeployment, type DeployCompileOptions } from '../deploy/compile.js';
import { connectorTypes } from '../connectors/registry.js';
import { HostEnds, hostConnector } from '../connectors/host.js';
import type { ConnectorType } from '../connectors/connector.js';
import { describe } from './args.js';

export type DeployOptions = DeployCompileOptions & RunOptions;

export interface Deployment extends DeploymentHandle {
  /** the Writable feeding `from host` connector `alias` (values; end() ends its source) */
  input(alias: string): Writable;
  /** the Readable (async iterable) of what reaches `from host` connector `alias` */
  output(alias: string): Readable;
}

export function deploy(source: string | Source, options: DeployOptions = {}): Deployment {
  if (typeof source !== 'string' && (source === null || typeof source !== 'object' || typeof (source as Source).text !== 'string')) {
    throw new TypeError(`deploy(troy, options): expected the deployment's troy text as a string (or a Source), got ${describe(source)}`);
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`deploy(troy, options): expected options as an object, got ${describe(options)}`);
  const ends = new HostEnds();
  const types = new Map<string, ConnectorType<any>>(options.types ?? connectorTypes);
  types.set('host', hostConnector(ends));
  const { plan } = compileDeployment(source, { ...options, types });
  const hosts = new Set(plan.flows.flatMap((f) => f.connectors.filter((c) => c.type === 'host').map((c) => c.alias)));
  const known = (fn: string, alias: unknown): string => {
    if (typeof alias === 'string' && hosts.has(alias)) return alias;
    throw new TypeError(`${fn}: expected the alias of a connector \`from host\` (${hosts.size ? [...hosts].join(', ') : 'the deployment has none'}), got ${describe(alias)}`);
  };
  const handle = runDeployment(plan, { ...options, types });
  return Object.assign(handle, {
    input: (alias: string) => ends.input(known('input(alias)', alias)),
    output: (alias: string) => ends.output(known('output(alias)', alias)),
  });
}

export type { DeploymentHandle };
