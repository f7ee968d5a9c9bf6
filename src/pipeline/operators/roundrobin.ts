/**
 * `qos::roundrobin`: sends events to its `outputs` ports in turn. Without a contraflow (acks
 * and circuit breakers) every output is always available.
 */
import { ConfigError, array, field, schema, str } from '../../runtime/schema.js';
import { defineOperator } from './operator.js';

const portNames = array(str());

const CONFIG = schema({
  outputs: field(
    '[string] (not empty)',
    (v, where) => {
      const ports = portNames.read(v, where);
      if (ports.length === 0) throw new ConfigError(`\`${where}\` must be a non-empty list of port names`, 'invalid', where);
      return ports;
    },
    { default: ['out'], doc: 'the output ports, served in turn' },
  ),
});

export const roundrobin = defineOperator('qos::roundrobin', CONFIG, ({ outputs }) => {
  let next = 0;
  return {
    event(_port, ev, out) {
      out.push(outputs[next], ev);
      next = (next + 1) % outputs.length;
    },
  };
});
