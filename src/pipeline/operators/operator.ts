/** An operator type: a factory from its evaluated `with` configuration to a pipeline node. */
import type { Value } from '../../runtime/value.js';
import type { NodeRuntime } from '../node.js';

export type OperatorFactory = (config: Value, name: string) => NodeRuntime;
