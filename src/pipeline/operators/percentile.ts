/**
 * `qos::percentile`: traffic shaping by a pass ratio (reference §9), as Tremor's
 * `tremor-pipeline/src/op/qos/percentile.rs`.
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
 * ingest time stand in for a random number, deterministically. It watches the answers to the
 * events it forwards (runtime/tx.ts, as qos::backpressure): a fail, or an ack whose write took
 * longer than `timeout`, lowers p by `step_down` (not below 0); an ack in time raises it by
 * `step_up` (not above 1).
 */
import type { Event } from '../../runtime/event.js';
import { num, schema, u64 } from '../../runtime/schema.js';
import { type TxSource, watchTx } from '../../runtime/tx.js';
import { defineOperator } from './operator.js';

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

/** the pass ratio, moved by the answers to the events the operator forwarded */
export class PassRatio implements TxSource {
  p = 1;

  constructor(
    private readonly timeoutNs: number,
    private readonly stepDown: number,
    private readonly stepUp: number,
  ) {}

  ack(_stream: number, _pull: number, ns?: number): void {
    if (ns !== undefined && ns > this.timeoutNs) this.down();
    else this.p = Math.min(1, this.p + this.stepUp);
  }

  fail(): void {
    this.down();
  }

  private down(): void {
    this.p = Math.max(0, this.p - this.stepDown);
  }
}

export const percentile = defineOperator('qos::percentile', CONFIG, (c) => {
  const state = new PassRatio(Number(c.timeout), c.step_down, c.step_up);
  return {
    event(_port, ev, out) {
      ev.tx = watchTx(ev.tx, state, 0);
      out.push(ratio(ev) > state.p ? 'overflow' : 'out', ev);
    },
  };
});
