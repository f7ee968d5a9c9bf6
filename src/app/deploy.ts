/**
 * `deploy(source, options)`: compile a troy deployment and run it. The handle's `done`
 * resolves with the exit status; `stop()` stops it gracefully.
 */
import { runDeployment, type DeploymentHandle, type RunOptions } from '../flow/deployment.js';
import type { Source } from '../base/source.js';
import { compileDeployment, type DeployCompileOptions } from '../deploy/compile.js';

export type DeployOptions = DeployCompileOptions & RunOptions;

export function deploy(source: string | Source, options: DeployOptions = {}): DeploymentHandle {
  const { plan } = compileDeployment(source, options);
  return runDeployment(plan, options);
}

export type { DeploymentHandle };
