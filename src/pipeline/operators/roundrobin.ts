/**
 * `qos::roundrobin`: sends events to its `outputs` ports in turn. Without a contraflow (acks
 * and circuit breakers) every output is always available.
 */
import { hasKey, type Value } from '../../runtime/value.js';
import { fault } from '../../runtime/fault.js';
import type { NodeRuntime } from '../node.js';
import { configRecord } from './config.js';

export function roundrobin(config: Value): NodeRuntime {
  const c = configRecord('qos::roundrobin', config, ['outputs']);
  const outputs = hasKey(c, 'outputs') ? c.outputs : ['out'];
  if (!Array.isArray(outputs) || outputs.length === 0 || !outputs.every((o) => typeof o === 'string')) {
    fault('C019', 'Invalid configuration for operator qos::roundrobin: `outputs` must be a non-empty list of port names');
  }
  const ports = outputs as string[];
  let next = 0;
  return {
    event(_port, ev, out) {
      out.push(ports[next], ev);
      next = (next + 1) % ports.length;
    },
  };
}
