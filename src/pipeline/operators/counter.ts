/** `generic::counter`: counts events from 1; emits `{"count": n, "event": payload}`. */
import { withData } from '../../runtime/event.js';
import type { Value } from '../../runtime/value.js';
import type { NodeRuntime } from '../node.js';
import { configRecord } from './config.js';

export function counter(config: Value): NodeRuntime {
  configRecord('generic::counter', config, []);
  let n = 0;
  return {
    event(_port, ev, out) {
      n++;
      out.push('out', withData(ev, { count: n, event: ev.data }));
    },
  };
}
