/** `passthrough`: forwards every event unchanged. */
import type { Value } from '../../runtime/value.js';
import type { NodeRuntime } from '../node.js';
import { configRecord } from './config.js';

export function passthrough(config: Value): NodeRuntime {
  configRecord('passthrough', config, []);
  return { event: (_port, ev, out) => out.push('out', ev) };
}
