/**
 * Routes the output of one node (a connector's source part or a pipeline) to the nodes
 * connected to each of its ports.
 *
 * It is a Writable piped from the node's readable side, so Node's pipe gives it backpressure
 * from upstream; downstream it honours every target's `write()`: when a target is full, the
 * router does not take its next chunk until that target drains. A slow sink therefore holds
 * its pipeline, which holds the router feeding it, which holds the source — memory stays
 * bounded by the streams' highWaterMarks. Fan-out gives every target but the last its own
 * copy of the event (nodes may change events in place). A batch (connectors/chunk.ts) is
 * split by target: a target that takes batches gets its share as one, any other event by
 * event.
 *
 * Circuit breakers (breakers.ts): while a sink downstream has its breaker open, the router
 * of a source feeding it holds its next event (and so, through the pipe, the source) until
 * every such breaker is closed again.
 */
import { Writable } from 'node:stream';
import type { PortEvent } from '../connectors/connector.js';
import { takesBatches, type Chunk } from '../connectors/chunk.js';
import { cloneEvent, type Event } from '../runtime/event.js';

export interface Target {
  stream: Writable;
  port: string;
  /** the node, for reports (`pipeline/main`) */
  name: string;
  /** counts the events written to it (a connector's metrics, flow/metrics.ts; flow/stats.ts) */
  count?: (ev: Event) => void;
}

export class Router extends Writable {
  /** the sinks whose open breakers hold this router */
  private readonly holds = new Set<string>();
  /** the event held back while a breaker is open */
  private held: (() => void) | null = null;

  constructor(
    private readonly routes: ReadonlyMap<string, readonly Target[]>,
    /**
     * events on ports nobody is connected to (`target` null: an `err` port is reported), or
     * reaching a target that has already ended (the end of a cycle, see cycles.ts: reported)
     */
    private readonly unrouted: (chunk: PortEvent, target: Target | null) => void,
    highWaterMark: number,
  ) {
    super({ objectMode: true, highWaterMark });
  }

  /** a breaker downstream opened (`open`) or closed */
  hold(sink: string, open: boolean): void {
    if (open) this.holds.add(sink);
    else this.holds.delete(sink);
    if (this.holds.size === 0 && this.held) {
      const go = this.held;
      this.held = null;
      go();
    }
  }

  override _write(chunk: Chunk, enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    if (this.holds.size > 0) {
      this.held = () => this._write(chunk, enc, cb);
      return;
    }
    if (Array.isArray(chunk)) this.routeBatch(chunk, cb);
    else this.route(chunk, cb);
  }

  private route(chunk: PortEvent, cb: (e?: Error | null) => void): void {
    let waiting = 1;
    const done = () => {
      if (--waiting === 0) cb();
    };
    this.fanOut(chunk, (t, out) => {
      if (!t.stream.write(out)) {
        waiting++;
        whenWritable(t.stream, done);
      }
    });
    done();
  }

  /**
   * A batch: each target gets its events of the batch, in order, as one batch when it takes
   * batches, else one by one.
   */
  private routeBatch(chunk: PortEvent[], cb: (e?: Error | null) => void): void {
    const perTarget = new Map<Target, PortEvent[]>();
    const add = (t: Target, out: PortEvent) => {
      const list = perTarget.get(t);
      if (list) list.push(out);
      else perTarget.set(t, [out]);
    };
    for (let k = 0; k < chunk.length; k++) this.fanOut(chunk[k], add);
    let waiting = 1;
    const done = () => {
      if (--waiting === 0) cb();
    };
    for (const [t, events] of perTarget) {
      let room = true;
      if (events.length === 1) room = t.stream.write(events[0]);
      else if (takesBatches(t.stream)) room = t.stream.write(events);
      else for (const pe of events) room = t.stream.write(pe);
      if (!room) {
        waiting++;
        whenWritable(t.stream, done);
      }
    }
    done();
  }

  /**
   * hands `pe` to each live target of its port (`to`), every one but the last a copy, counted;
   * an event on a port nobody is connected to, or for a target that has ended, is unrouted
   */
  private fanOut(pe: PortEvent, to: (t: Target, out: PortEvent) => void): void {
    const targets = this.routes.get(pe.port);
    if (!targets || targets.length === 0) {
      this.unrouted(pe, null);
      return;
    }
    const last = targets.length - 1;
    for (let i = 0; i <= last; i++) {
      const t = targets[i];
      if (t.stream.writableEnded || t.stream.destroyed) {
        this.unrouted(pe, t);
        continue;
      }
      const ev = i === last ? pe.event : cloneEvent(pe.event);
      t.count?.(ev);
      to(t, { port: t.port, event: ev });
    }
  }
}

/** calls `fn` once when `w` drains, or when it closes without draining */
function whenWritable(w: Writable, fn: () => void): void {
  const onDrain = () => {
    w.off('close', onClose);
    fn();
  };
  const onClose = () => {
    w.off('drain', onDrain);
    fn();
  };
  w.once('drain', onDrain);
  w.once('close', onClose);
}
