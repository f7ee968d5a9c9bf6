/**
 * `qos::percentile`: traffic shaping by a pass ratio (reference §9).
 *
 * ```trickle
 * define operator perc from qos::percentile with timeout = nanos::from_millis(100), step_down = 0.1 end;
 * ```
 *
 * Config, strictly checked: `timeout` (required, nanoseconds, a non-negative integer),
 * `step_down` (a number, default 0.05) and `step_up` (a number, default 0.001).
 *
 * The operator keeps a pass ratio p, starting at 1. An event passes to `out` iff
 * `(ingest_ns % 0xFFFF) / 0xFFFF <= p`, else it goes to `overflow`: the low bits of the
 * ingest time stand in for a random number, deterministically. In Tremor, acks slower than
 * `timeout` and failures lower p by `step_down`, quick acks raise it by `step_up`. This
 * runtime has no ack/fail contraflow into pipelines, so p stays at 1 and, since the ratio
 * is at most 65534/65535, every event passes; the test is kept so the operator behaves as
 * Tremor's would the moment p can change.
 */
import { fault } from '../../runtime/fault.js';
import type { Event } from '../../runtime/event.js';
import { hasKey, isInt, isNumber, toBig, type Value } from '../../runtime/value.js';
import type { NodeRuntime } from '../node.js';
import { configRecord } from './config.js';

const OP = 'qos::percentile';

function ratio(e: Event): number {
  const ns = e.ingestNs;
  const r = typeof ns === 'bigint' ? Number(ns % 0xffffn) : ns % 0xffff;
  return r / 0xffff;
}

export function percentile(config: Value): NodeRuntime {
  const c = configRecord(OP, config, ['timeout', 'step_down', 'step_up']);
  const bad = (msg: string): never => fault('C019', `Invalid configuration for operator ${OP}: ${msg}`);
  if (!hasKey(c, 'timeout')) bad('missing `timeout`');
  if (!isInt(c.timeout) || toBig(c.timeout) < 0n) bad('`timeout` must be a non-negative integer (nanoseconds)');
  for (const k of ['step_down', 'step_up']) {
    if (hasKey(c, k) && !isNumber(c[k])) bad(`\`${k}\` must be a number`);
  }
  // the steps only matter on acks and fails; without a contraflow p never moves from 1
  const p = 1;
  return {
    event(_port, ev, out) {
      out.push(ratio(ev) > p ? 'overflow' : 'out', ev);
    },
  };
}
