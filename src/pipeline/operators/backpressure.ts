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
import { fault } from '../../runtime/fault.js';
import { hasKey, isInt, toBig, type Rec, type Value } from '../../runtime/value.js';
import type { OperatorFactory } from './operator.js';
import { configRecord } from './config.js';

const DEFAULT_STEPS = [50, 100, 250, 500, 1000, 5000, 10000];
const METHODS = ['discard', 'pause'];

const isUnsigned = (v: Value): boolean => isInt(v) && toBig(v) >= 0n;

/** the validated configuration, kept for the day a contraflow exists */
export interface BackpressureConfig {
  timeoutNs: bigint;
  stepsMs: bigint[];
  method: 'discard' | 'pause';
}

export function backpressureConfig(op: string, config: Value): BackpressureConfig {
  const c: Rec = configRecord(op, config, ['timeout', 'steps', 'method']);
  const bad = (msg: string): never => fault('C019', `Invalid configuration for operator ${op}: ${msg}`);
  if (!hasKey(c, 'timeout')) bad('missing `timeout`');
  if (!isUnsigned(c.timeout)) bad('`timeout` must be a non-negative integer (nanoseconds)');
  const steps = hasKey(c, 'steps') ? c.steps : DEFAULT_STEPS;
  if (!Array.isArray(steps) || !steps.every(isUnsigned)) bad('`steps` must be a list of non-negative integers (milliseconds)');
  const method = hasKey(c, 'method') ? c.method : 'discard';
  if (typeof method !== 'string' || !METHODS.includes(method)) bad('`method` must be "discard" or "pause"');
  return {
    timeoutNs: toBig(c.timeout as number | bigint),
    stepsMs: (steps as (number | bigint)[]).map(toBig),
    method: method as 'discard' | 'pause',
  };
}

/** a factory for one of the operator's two names, so that errors name what the user wrote */
function named(op: string): OperatorFactory {
  return (config) => {
    backpressureConfig(op, config);
    return {
      event(_port, ev, out) {
        out.push('out', ev);
      },
    };
  };
}

export const backpressure = named('qos::backpressure');
export const genericBackpressure = named('generic::backpressure');
