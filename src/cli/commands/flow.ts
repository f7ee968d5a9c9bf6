/**
 * `tremor-stream conformance flow`: deploys a troy file's flows and runs them to completion.
 */
export { runFlowFile as runFlowConformance } from './run.js';
