/**
 * `qos::backpressure` (and its deprecated alias `generic::backpressure`), reference §9, as
 * Tremor's `tremor-pipeline/src/op/qos/backpressure.rs`.
 *
 * ```trickle
 * define operator bp from qos::backpressure
 * with timeout = nanos::from_millis(100), steps = [50, 100, 250], method = "discard" end;
 * ```
 *
 * Config, strictly checked (unknown keys are errors, as Tremor's `deny_unknown_fields`):
 * - `timeout` (required): the longest acceptable downstream write time, in nanoseconds;
 * - `steps` (default `[50, 100, 250, 500, 1000, 5000, 10000]`): back-off steps in ms;
 * - `method` (default `"discard"`): `"discard"` routes events to `overflow` while backing
 *   off, `"pause"` lets them through.
 *
 * The operator watches the answers to the events it forwards (runtime/tx.ts: it joins their
 * transaction, so even events of a non-transactional source are answered to it, as Tremor
 * marks them transactional): a fail, or an ack whose write took longer than `timeout`, moves
 * the back-off to the next step (above the current one; the last step stays); an ack in time
 * resets it. An event passes when its ingest time is at or after `next`, which it then moves
 * to its ingest time plus the back-off; otherwise it goes to `overflow` (`discard`) or passes
 * all the same (`pause`). A tick past `next` ends the back-off.
 *
 * Not yet: in `pause` mode Tremor also sends a circuit-breaker trigger to the sources (and a
 * restore when the back-off ends); this runtime has no circuit-breaker signals, so `pause`
 * only passes events through while its state follows the answers.
 */
import { array, schema, str, u64 } from '../../runtime/schema.js';
import { type TxSource, watchTx } from '../../runtime/tx.js';
import { ingestBig } from '../../runtime/event.js';
import type { NodeRuntime } from '../node.js';
import { defineOperator, type OperatorFactory } from './operator.js';

const CONFIG = schema({
  timeout: u64({ required: true, doc: 'the longest acceptable downstream write, in nanoseconds' }),
  steps: array(u64(), { default: [50n, 100n, 250n, 500n, 1000n, 5000n, 10000n], doc: 'back-off steps in milliseconds' }),
  method: str({ oneOf: ['discard', 'pause'], default: 'discard', doc: '"discard" routes events to `overflow` while backing off, "pause" lets them pass' }),
});

/** the first step above `current` (Tremor's `next_backoff`: the last one when none is) */
export function nextBackoff(steps: readonly bigint[], current: bigint): bigint {
  let b = 0n;
  for (const s of steps) {
    b = s;
    if (b > current) break;
  }
  return b;
}

/** the operator's state; it is told the answers to the events it forwarded */
export class Backoff implements TxSource {
  /** nanoseconds */
  backoff = 0n;
  next = 0n;

  constructor(
    private readonly steps: readonly bigint[],
    private readonly timeoutNs: number,
  ) {}

  ack(_stream: number, ingestNs: number, ns?: number): void {
    if (ns !== undefined && ns > this.timeoutNs) this.stepUp(ingestNs);
    else this.reset();
  }

  fail(_stream: number, ingestNs: number): void {
    this.stepUp(ingestNs);
  }

  /** where an event at `ns` goes */
  route(ns: bigint, pause: boolean): 'out' | 'overflow' {
    if (this.next <= ns) {
      this.next = ns + this.backoff;
      return 'out';
    }
    return pause ? 'out' : 'overflow';
  }

  /** a tick past the back-off ends it */
  tick(ns: bigint): void {
    if (this.backoff > 0n && this.next <= ns) this.reset();
  }

  private stepUp(ingestNs: number): void {
    this.backoff = nextBackoff(this.steps, this.backoff);
    this.next = BigInt(Math.round(ingestNs)) + this.backoff;
  }

  private reset(): void {
    this.backoff = 0n;
    this.next = 0n;
  }
}

/** a factory for one of the operator's two names, so that errors name what the user wrote */
const named = (op: string): OperatorFactory =>
  defineOperator(op, CONFIG, (c): NodeRuntime => {
    const state = new Backoff(
      c.steps.map((s) => s * 1_000_000n),
      Number(c.timeout),
    );
    const pause = c.method === 'pause';
    return {
      event(_port, ev, out) {
        const ns = ingestBig(ev);
        ev.tx = watchTx(ev.tx, state, Number(ns));
        out.push(state.route(ns, pause), ev);
      },
      tick(ns) {
        state.tick(ns);
      },
    };
  });

export const backpressure = named('qos::backpressure');
export const genericBackpressure = named('generic::backpressure');
