/**
 * `tremor-stream conformance flow`: deploys a troy file's flows and runs them to completion.
 */
import { UsageError } from '../args.js';

export async function runFlowConformance(_file: string, _config: string | undefined): Promise<number> {
  throw new UsageError('flow mode needs deployments, which are not implemented yet');
}
