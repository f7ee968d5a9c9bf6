/**
 * The built-in pipeline operators (reference §9), by `module::name`. Each factory receives the
 * operator's `with` configuration, already evaluated, and returns a node.
 */
import { backpressure, genericBackpressure } from './backpressure.js';
import { batch } from './batch.js';
import { bucket } from './bucket.js';
import { counter } from './counter.js';
import { history } from './history.js';
import { passthrough } from './passthrough.js';
import { percentile } from './percentile.js';
import { roundrobin } from './roundrobin.js';

import type { OperatorFactory } from './operator.js';

export type { OperatorFactory };

export const operatorTypes: ReadonlyMap<string, OperatorFactory> = new Map<string, OperatorFactory>([
  ['passthrough', passthrough],
  ['generic::counter', counter],
  ['debug::history', history],
  ['qos::roundrobin', roundrobin],
  ['grouper::bucket', bucket],
  ['generic::batch', batch],
  ['qos::backpressure', backpressure],
  // deprecated in Tremor, still accepted there
  ['generic::backpressure', genericBackpressure],
  ['qos::percentile', percentile],
]);
