/**
 * An operator type: a factory from its evaluated `with` configuration to a pipeline node,
 * carrying the schema of that configuration (src/runtime/schema.ts) for the README's tables.
 * `defineOperator` reads the configuration through the schema and raises its complaints as
 * `C019` faults, so that they reach the user as compile errors with the operator's name.
 */
import { fault } from '../../runtime/fault.js';
import { ConfigError, type Config, type Fields, type Schema } from '../../runtime/schema.js';
import type { Value } from '../../runtime/value.js';
import type { NodeRuntime } from '../node.js';

export type OperatorFactory = ((config: Value, name: string) => NodeRuntime) & {
  /** the keys of its `with` configuration */
  readonly config: Schema<Fields>;
};

/** the owner named in configuration messages: "operator generic::batch" */
export const operatorOwner = (op: string): string => `operator ${op}`;

/**
 * An operator type named `op` whose configuration `config` reads; `make` builds the node and
 * may throw a ConfigError for checks that span keys (it should name the operator).
 */
export function defineOperator<F extends Fields>(op: string, config: Schema<F>, make: (c: Config<F>, name: string) => NodeRuntime): OperatorFactory {
  const create = (value: Value, name: string): NodeRuntime => {
    try {
      return make(config.read(operatorOwner(op), value), name);
    } catch (e) {
      if (e instanceof ConfigError) return fault('C019', e.message);
      throw e;
    }
  };
  return Object.assign(create, { config });
}
