/**
 * The source part of a connector whose input arrives in bursts (a chunk of a file, a read of
 * a socket) that decode to several events: the events wait in a queue and are pushed while
 * the consumer wants more (`_read` was called and no `push` has returned false since). When
 * the queue is empty and the consumer wants more, `wantMore` asks the subclass for input;
 * when the consumer is full with events still queued, `full` lets it pause its input. After
 * `endQueue`, what is queued is still pushed, then the stream ends. Memory stays bounded by
 * the highWaterMark plus one burst.
 */
import { Readable, type ReadableOptions } from 'node:stream';
import type { PortEvent } from './connector.js';

export abstract class QueuedSource extends Readable {
  private queue: PortEvent[] = [];
  private head = 0;
  /** the consumer wants more */
  private demand = false;
  private ending = false;
  private endPushed = false;

  constructor(opts: ReadableOptions) {
    super({ ...opts, objectMode: true });
  }

  /** events waiting to be pushed */
  protected get backlog(): number {
    return this.queue.length - this.head;
  }

  /** no more input will come (`endQueue` was called) */
  protected get queueEnded(): boolean {
    return this.ending;
  }

  protected enqueue(events: PortEvent[]): void {
    for (const e of events) this.queue.push(e);
  }

  /** no more events: the queued ones are still pushed, then the stream ends */
  protected endQueue(): void {
    this.ending = true;
  }

  /** the queue is empty and the consumer wants more: produce input (read a chunk, resume) */
  protected abstract wantMore(): void;

  /** the consumer is full and events are still queued (pause the input) */
  protected full(): void {}

  override _read(): void {
    this.demand = true;
    this.pump();
  }

  protected pump(): void {
    if (this.destroyed) return;
    while (this.head < this.queue.length && this.demand) {
      if (!this.push(this.queue[this.head++])) this.demand = false;
    }
    if (this.head < this.queue.length) {
      this.full();
      return;
    }
    this.queue = [];
    this.head = 0;
    if (this.ending) {
      if (!this.endPushed) {
        this.endPushed = true;
        this.push(null);
      }
    } else if (this.demand) this.wantMore();
  }
}
