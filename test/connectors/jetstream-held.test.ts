/**
 * What a jetstream consumer remembers of its messages (src/connectors/jetstream/held.ts):
 * acked messages that were held half an ack wait or more are remembered for one to two ack
 * waits (a redelivery may have crossed the ack); others are not, so memory stays small.
 */
import t from 'tap';
import type { JsMsg } from '@nats-io/jetstream';
import { Held, type Pending } from '../../src/connectors/jetstream/held.js';

const ACK_WAIT = 1000;
const pending = (seq: number, since: number, redelivered = false): Pending => ({ msg: { seq, redelivered } as JsMsg, remaining: 1, since, touched: since });

t.test('only messages held long are remembered once acked, for one to two ack waits', async (t) => {
  const h = new Held(ACK_WAIT, 0);
  const quick = pending(1, 0);
  const slow = pending(2, 0);
  const again = pending(3, 900, true);
  for (const p of [quick, slow, again]) h.pending.set(p.msg.seq, p);
  h.acked(quick, 100);
  h.acked(slow, 700);
  h.acked(again, 950);
  t.same([...h.pending.keys()], [], 'no longer pending');
  t.notOk(h.ackedLately(1), 'acked soon after it was taken: no redelivery can cross it');
  t.ok(h.ackedLately(2), 'held 700 ms of a 1000 ms ack wait: remembered');
  t.ok(h.ackedLately(3), 'a redelivered message: remembered');
  // a later generation keeps them; the one after drops them
  h.acked(pending(4, 1000), 1600);
  t.ok(h.ackedLately(2) && h.ackedLately(4), 'kept through the next ack wait');
  h.acked(pending(5, 2000), 2700);
  t.notOk(h.ackedLately(2), 'gone after two ack waits');
  t.ok(h.ackedLately(4) && h.ackedLately(5));
});

t.test('held messages are kept alive once a third of an ack wait has passed since the server heard of them', async (t) => {
  const h = new Held(ACK_WAIT, 0);
  const told: number[] = [];
  const held = (seq: number, since: number): Pending => ({ msg: { seq, redelivered: false, working: () => void told.push(seq) } as unknown as JsMsg, remaining: 1, since, touched: since });
  h.pending.set(1, held(1, 0));
  h.pending.set(2, held(2, 200));
  h.keepAlive(334);
  t.same(told, [1], 'only the one held a third of an ack wait');
  h.keepAlive(667);
  t.same(told, [1, 2], 'the other at the next call; the first was just told');
  h.keepAlive(1001);
  t.same(told, [1, 2, 1, 2], 'both told again before their ack wait runs out');
});
