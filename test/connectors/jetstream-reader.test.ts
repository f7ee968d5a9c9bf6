/**
 * A jetstream reader on a starved process (src/connectors/jetstream/reader.ts): the server's
 * ack wait for a message starts when it delivers it, which is after the pull was made but may
 * be long before the process gets round to taking it. Held messages count their time from the
 * pull, so a message taken late and acked at once is still remembered (a redelivery may have
 * crossed the ack: it is acked again, not counted twice), and is kept alive in time.
 * A fake pull consumer and a manual clock stand in for the server and for time.
 */
import t, { type Test } from 'tap';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { Held } from '../../src/connectors/jetstream/held.js';
import { JsReader } from '../../src/connectors/jetstream/reader.js';
import { EventQueue } from '../../src/connectors/net/event-queue.js';
import type { Chunk } from '../../src/connectors/chunk.js';
import type { PortEvent } from '../../src/connectors/connector.js';
import type { ManualClock } from '../../src/base/clock.js';
import { ackTx } from '../../src/runtime/tx.js';
import { fakeContext } from './fake-context.js';
import { until } from '../until.js';

const ACK_WAIT = 1000;

/** one pull: the messages the test hands it, in order, until it ends */
class Pull implements AsyncIterable<JsMsg> {
  private readonly items: JsMsg[] = [];
  private done = false;
  private wake: (() => void) | null = null;
  give(m: JsMsg): void {
    this.items.push(m);
    this.wake?.();
  }
  stop(): void {
    this.done = true;
    this.wake?.();
  }
  close(): Promise<void> {
    this.stop();
    return Promise.resolve();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<JsMsg> {
    for (;;) {
      if (this.items.length > 0) {
        yield this.items.shift()!;
        continue;
      }
      if (this.done) return;
      await new Promise<void>((r) => (this.wake = r));
      this.wake = null;
    }
  }
}

function setup(t: Test) {
  const ctx = fakeContext({ codec: 'json' });
  const clock = ctx.clock as ManualClock;
  const pulls: Pull[] = [];
  const consumer = {
    fetch: async () => {
      const p = new Pull();
      pulls.push(p);
      return p;
    },
  };
  const js = { consumers: { get: async () => consumer } } as unknown as JetStreamClient;
  const log: string[] = [];
  const msg = (seq: number, redelivered = false): JsMsg =>
    ({
      seq,
      redelivered,
      subject: 'in',
      data: Buffer.from(`{"n":${seq}}`),
      headers: undefined,
      info: { pending: 0, stream: 's', streamSequence: seq, deliverySequence: seq, deliveryCount: redelivered ? 2 : 1 },
      ack: () => void log.push(`ack ${seq}`),
      nak: () => void log.push(`nak ${seq}`),
      working: () => void log.push(`working ${seq}`),
    }) as unknown as JsMsg;
  const queue = new EventQueue(16, () => {});
  const events: PortEvent[] = [];
  queue.on('data', (c: Chunk) => events.push(...(Array.isArray(c) ? c : [c])));
  const held = new Held(ACK_WAIT, clock.now());
  const reader = new JsReader(ctx, { stream: 's', consumer: 'c', partition: null, nakDelayMs: 0, window: 10, host: 'localhost', port: 4222 }, queue, held, () => {});
  t.teardown(() => {
    reader.abort();
    for (const p of pulls) p.stop();
  });
  return { clock, pulls, js, log, msg, events, held, reader };
}

t.test('a message taken late and acked at once is remembered: its redelivery is acked again, not counted twice', async (t) => {
  const { clock, pulls, js, log, msg, events, reader } = setup(t);
  await reader.attach(js);
  await until(t, 'the first pull is made', () => pulls.length === 1);
  // the process is starved: the message delivered for the pull at 0 is taken at 900
  clock.advance(900);
  pulls[0].give(msg(1));
  await until(t, 'the event is in the queue', () => events.length === 1);
  clock.advance(50);
  ackTx(events[0].event.tx);
  t.same(log, ['ack 1'], 'acked once its event is');
  // the server's ack wait (1000 from the delivery at 0 or later) may have run out before
  // the ack arrived: a redelivery crosses it
  pulls[0].give(msg(1, true));
  await until(t, 'the redelivery is answered', () => log.length === 2);
  t.same(log, ['ack 1', 'ack 1'], 'the redelivery is acked again');
  t.equal(events.length, 1, 'and not counted again');
});

t.test('a message taken late is kept alive from the time of its pull', async (t) => {
  const { clock, pulls, js, log, msg, events, held, reader } = setup(t);
  await reader.attach(js);
  await until(t, 'the first pull is made', () => pulls.length === 1);
  clock.advance(900);
  pulls[0].give(msg(7));
  await until(t, 'the event is in the queue', () => events.length === 1);
  held.keepAlive(clock.now());
  t.same(log, ['working 7'], 'the server may have delivered it 900 ms ago: told at once');
});
