/** `generic::counter`: counts events from 1; emits `{"count": n, "event": payload}`. */
import { withData } from '../../runtime/event.js';
import { schema } from '../../runtime/schema.js';
import { defineOperator } from './operator.js';

export const counter = defineOperator('generic::counter', schema({}), () => {
  let n = 0;
  return {
    event(_port, ev, out) {
      n++;
      out.push('out', withData(ev, { count: n, event: ev.data }));
    },
  };
});
