/** `passthrough`: forwards every event unchanged. */
import { schema } from '../../runtime/schema.js';
import { defineOperator } from './operator.js';

export const passthrough = defineOperator('passthrough', schema({}), () => ({ event: (_port, ev, out) => out.push('out', ev) }));
