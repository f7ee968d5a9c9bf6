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
import type { Event } from '../../runtime/event.js';
import { num, schema, u64 } from '../../runtime/schema.js';
import { defineOperator } from './operator.js';

/** the configuration is read (and so checked) but, without a contraflow, not used */
const CONFIG = schema({
  timeout: u64({ required: true, doc: 'acks slower than this many nanoseconds lower the pass ratio' }),
  step_down: num({ default: 0.05, doc: 'how much a slow ack or a failure lowers the pass ratio' }),
  step_up: num({ default: 0.001, doc: 'how much a quick ack raises the pass ratio' }),
});

function ratio(e: Event): number {
  const ns = e.ingestNs;
  const r = typeof ns === 'bigint' ? Number(ns % 0xffffn) : ns % 0xffff;
  return r / 0xffff;
}

export const percentile = defineOperator('qos::percentile', CONFIG, () => {
  // the steps only matter on acks and fails; without a contraflow p never moves from 1
  const p = 1;
  return {
    event(_port, ev, out) {
      out.push(ratio(ev) > p ? 'overflow' : 'out', ev);
    },
  };
});
