/**
 * `qos::backpressure` (and its deprecated alias `generic::backpressure`), reference §9.
 *
 * ```trickle
 * define operator bp from qos::backpressure
 * with timeout = nanos::from_millis(100), steps = [50, 100, 250], method = "discard" end;
 * ```
 *
 * Config, strictly checked (unknown keys are errors, as Tremor's `deny_unknown_fields`):
 * - `timeout` (required): the longest acceptable downstream write time, in nanoseconds, a
 *   non-negative integer;
 * - `steps` (default `[50, 100, 250, 500, 1000, 5000, 10000]`): back-off steps in
 *   milliseconds, a list of non-negative integers;
 * - `method` (default `"discard"`): `"discard"` routes events to `overflow` while backing
 *   off, `"pause"` keeps forwarding and asks the sources to pause (circuit breaker).
 *
 * In Tremor the operator backs off when acks report a write slower than `timeout` or a
 * failure (contraflow), and every success resets it. This runtime has no ack/fail contraflow
 * from sinks back into pipelines (sink backpressure is applied by the streams themselves),
 * so the operator never leaves its initial state, where Tremor forwards every event: all
 * events go to `out`, and `overflow` stays silent. The configuration is still validated so
 * that a deployment written for Tremor is checked the same way.
 */
import { array, schema, str, u64 } from '../../runtime/schema.js';
import { defineOperator, type OperatorFactory } from './operator.js';

/** the configuration is read (and so checked) but, without a contraflow, not used */
const CONFIG = schema({
  timeout: u64({ required: true, doc: 'the longest acceptable downstream write, in nanoseconds' }),
  steps: array(u64(), { default: [50n, 100n, 250n, 500n, 1000n, 5000n, 10000n], doc: 'back-off steps in milliseconds' }),
  method: str({ oneOf: ['discard', 'pause'], default: 'discard', doc: '"discard" routes events to `overflow` while backing off, "pause" asks the sources to pause' }),
});

/** a factory for one of the operator's two names, so that errors name what the user wrote */
const named = (op: string): OperatorFactory => defineOperator(op, CONFIG, () => ({ event: (_port, ev, out) => out.push('out', ev) }));

export const backpressure = named('qos::backpressure');
export const genericBackpressure = named('generic::backpressure');
