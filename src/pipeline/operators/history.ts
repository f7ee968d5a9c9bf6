/**
 * `debug::history`: appends `"evt: <op>(<event id>)"` to the metadata array `$[name]`, to
 * trace the path an event took.
 */
import { eventId } from '../../runtime/event.js';
import { schema, str } from '../../runtime/schema.js';
import { hasKey, setKey } from '../../runtime/value.js';
import { defineOperator } from './operator.js';

const CONFIG = schema({
  op: str({ required: true, doc: 'the label written into each entry' }),
  name: str({ required: true, doc: 'the metadata key of the history array' }),
});

export const history = defineOperator('debug::history', CONFIG, ({ op, name }) => ({
  event(_port, ev, out) {
    const entry = `evt: ${op}(${eventId(ev)})`;
    const prev = hasKey(ev.meta, name) ? ev.meta[name] : null;
    setKey(ev.meta, name, Array.isArray(prev) ? [...prev, entry] : [entry]);
    out.push('out', ev);
  },
}));
