/**
 * Creates the run-time node for a planned node.
 */
import type { NodeRuntime } from './node.js';
import type { Locate, NodePlan } from './plan.js';
import { operatorTypes } from './operators/index.js';
import { scriptNode } from './script.js';
import { selectNode } from './select.js';
import { fault } from '../runtime/fault.js';

const forward: NodeRuntime = { event: (_port, ev, out) => out.push('out', ev) };

export function createNode(plan: NodePlan, locate: Locate): NodeRuntime {
  switch (plan.kind) {
    case 'input':
    case 'passthrough':
    case 'output':
      return forward;
    case 'select':
      return selectNode(plan);
    case 'script':
      return scriptNode(plan, locate);
    case 'operator': {
      const f = operatorTypes.get(plan.type);
      if (!f) return fault('C018', `Unknown operator: ${plan.type}`);
      return f(plan.config, plan.name);
    }
    default:
      return plan satisfies never;
  }
}
