/**
 * `debug::history`: appends `"evt: <op>(<event id>)"` to the metadata array `$[name]`, to
 * trace the path an event took.
 */
import { eventId } from '../../runtime/event.js';
import { hasKey, setKey, type Value } from '../../runtime/value.js';
import type { NodeRuntime } from '../node.js';
import { configRecord, configString } from './config.js';

export function history(config: Value): NodeRuntime {
  const c = configRecord('debug::history', config, ['op', 'name']);
  const op = configString('debug::history', c, 'op');
  const name = configString('debug::history', c, 'name');
  return {
    event(_port, ev, out) {
      const entry = `evt: ${op}(${eventId(ev)})`;
      const prev = hasKey(ev.meta, name) ? ev.meta[name] : null;
      setKey(ev.meta, name, Array.isArray(prev) ? [...prev, entry] : [entry]);
      out.push('out', ev);
    },
  };
}
