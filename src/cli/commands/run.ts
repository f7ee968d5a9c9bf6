/**
 * `tremor-stream run app.troy …`: deploys flows. Deployments come with issue 3.
 */
import { UsageError } from '../args.js';

export async function run(_argv: string[]): Promise<number> {
  throw new UsageError('run: deployments are not implemented yet');
}
