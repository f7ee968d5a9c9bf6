/**
 * Transactions: how an event of a transactional source is answered (Tremor's contraflow,
 * `tremor-pipeline`'s `EventId` and `src/connectors/{source,sink}.rs`).
 *
 * A transactional source (cb today; wal and brokers later) gives each event a `Tx`: for every
 * source stream whose events it stands for, the lowest and highest pull id. An event that
 * merges others (a window, a group, `generic::batch`) carries the merged `Tx` of all of them,
 * so one answer covers every input: an ack tells each source `ack(stream, highest pull id)`,
 * a fail `fail(stream, lowest pull id)`, as Tremor's sources are told.
 *
 * Answers go straight to the source rather than being walked back through the pipelines: the
 * effect is the same (Tremor's operators pass contraflow through unchanged), and an operator
 * that must watch it can hold on to the events it forwards. A copy of an event for a second
 * branch shares the `Tx`, so every sink it reaches answers (Tremor: more than one answer for
 * one event). Events dropped in a pipeline (`drop`, a `where`, an unconnected port) are
 * answered by nobody — Tremor's rule. Events of other sources have no `Tx` (null), and cost
 * the runtime nothing.
 */

/**
 * the source end of a transaction: told once per answer, in the order answers come; an ack
 * may say how long the sink took for the event (`ns`, Tremor's ack `time`: what
 * `qos::backpressure` and `qos::percentile` watch)
 */
export interface TxSource {
  ack(stream: number, pull: number, ns?: number): void;
  fail(stream: number, pull: number): void;
}

/** one source stream's share of an event */
export interface TxEntry {
  readonly source: TxSource;
  readonly stream: number;
  min: number;
  max: number;
}

export type Tx = TxEntry[];

/** the transaction of one event, pull `pull` of `stream` */
export function txOf(source: TxSource, stream: number, pull: number): Tx {
  return [{ source, stream, min: pull, max: pull }];
}

/**
 * `into` (owned by the caller, or null) with `from`'s entries merged in; `from` is never
 * changed (events share their Tx with their copies)
 */
export function mergeTx(into: Tx | null, from: Tx | null): Tx | null {
  if (from === null) return into;
  const out = into ?? [];
  for (const f of from) {
    const same = out.find((e) => e.source === f.source && e.stream === f.stream);
    if (!same) out.push({ source: f.source, stream: f.stream, min: f.min, max: f.max });
    else {
      if (f.min < same.min) same.min = f.min;
      if (f.max > same.max) same.max = f.max;
    }
  }
  return out;
}

/** the event was delivered (in `ns` nanoseconds, when the sink measured it) */
export function ackTx(tx: Tx | null, ns?: number): void {
  if (tx) for (const e of tx) e.source.ack(e.stream, e.max, ns);
}

/**
 * `tx` with one more party told of the answers (an operator watching what it forwarded):
 * a new Tx, since the event's own may be shared with its copies
 */
export function watchTx(tx: Tx | null, watcher: TxSource, pull: number): Tx {
  return mergeTx(mergeTx(null, tx) ?? [], txOf(watcher, 0, pull)) as Tx;
}

/** the event could not be delivered */
export function failTx(tx: Tx | null): void {
  if (tx) for (const e of tx) e.source.fail(e.stream, e.min);
}
