/**
 * `generic::batch`: collects events into one *batch event* (reference §9).
 *
 * ```trickle
 * define operator b from generic::batch with count = 300, timeout = nanos::from_seconds(1) end;
 * ```
 *
 * Config: `count` (required, events per batch) and `timeout` (optional, nanoseconds between
 * the first buffered event and the current event or tick). A batch is emitted on `out` when
 * it holds `count` events, or when an event arrives more than `timeout` after the first one
 * (that event is included), or when a runtime tick comes more than `timeout` after it
 * (only if the batch is not empty). At end of input (`flush`) a partial batch is emitted, in
 * line with windows: a finite input gives complete answers.
 *
 * The batch event's payload is an array with one entry per event, in Tremor's layout:
 * `{"data": {"value": <payload>, "meta": <metadata>, "ingest_ns": <ns>, "kind": null,
 * "is_batch": <was it a batch itself>}}`. Its metadata is empty, its ingest time the first
 * event's, its id the first event's, and it carries `batch: true` so that sinks and printers
 * can treat it as the events it holds.
 */
import { ingestBig, newEvent, type Event } from '../../runtime/event.js';
import { ConfigError, nullable, schema, u64 } from '../../runtime/schema.js';
import { mergeTx, type Tx } from '../../runtime/tx.js';
import { intFromBig, type Rec, type Value } from '../../runtime/value.js';
import type { NodeRuntime, Out } from '../node.js';
import { defineOperator, operatorOwner } from './operator.js';

const OP = 'generic::batch';

const CONFIG = schema({
  count: u64({ required: true, doc: 'events per batch (0: only the timeout ends a batch)' }),
  // an Option<u64> in Tremor, so an explicit null is no timeout
  timeout: nullable(u64(), { doc: 'nanoseconds after its first event that a batch is emitted' }),
});

export const batch = defineOperator(OP, CONFIG, (c) => {
  const { count } = c;
  const timeout = c.timeout ?? null;
  // Tremor accepts `count = 0` (only the timeout flushes); without a timeout nothing would
  // ever leave the buffer, so that combination is refused rather than leaking memory
  if (count === 0n && timeout === null) throw new ConfigError(`Invalid configuration for ${operatorOwner(OP)}: \`count\` = 0 needs a \`timeout\``, 'invalid', 'count');
  const max = count > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(count);

  let entries: Value[] = [];
  let firstNs = 0n;
  let first: Event | null = null;
  /** a batch answers for all its events (runtime/tx.ts) */
  let tx: Tx | null = null;

  const emit = (out: Out): void => {
    const ev = newEvent(entries, firstNs, first ? first.id : 0);
    ev.batch = true;
    ev.tx = tx;
    out.push('out', ev);
    entries = [];
    first = null;
    tx = null;
  };

  const node: NodeRuntime = {
    event(_port, ev, out) {
      const ns = ingestBig(ev);
      const data: Rec = { value: ev.data, meta: ev.meta, ingest_ns: intFromBig(ns), kind: null, is_batch: ev.batch === true };
      entries.push({ data });
      if (ev.tx) tx = mergeTx(tx, ev.tx);
      if (first === null) {
        first = ev;
        firstNs = ns;
      }
      // Tremor compares in u64 (an earlier event would wrap around); here it simply does not flush
      if ((timeout !== null && ns - firstNs > timeout) || entries.length === max) emit(out);
    },
    flush(out) {
      if (first !== null) emit(out);
    },
  };
  // only a batch with a timeout reacts to time (the runtime ticks only nodes that have `tick`)
  if (timeout !== null) {
    const limit = timeout;
    node.tick = (ns, out) => {
      if (first !== null && ns - firstNs > limit) emit(out);
    };
  }
  return node;
});
