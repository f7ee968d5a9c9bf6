/**
 * Writing to a socket (src/connectors/net/socket-wire.ts): the writes of one turn of the event
 * loop go out together (one writev when the turn ends), not one system call each; an event
 * answered once written (a transactional source's) goes out at once, after what was held.
 * A Writable recording its writes stands in for the socket.
 */
import t from 'tap';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { socketWire } from '../../src/connectors/net/socket-wire.js';
import { until } from '../until.js';

function recorder() {
  const calls: string[][] = [];
  const w = new Writable({
    writev(chunks, cb) {
      calls.push(chunks.map((c) => String(c.chunk)));
      cb();
    },
    write(chunk, _enc, cb) {
      calls.push([String(chunk)]);
      cb();
    },
  });
  return { calls, wire: socketWire(w as unknown as Socket) };
}

t.test('the writes of one turn go out in one writev, in order', async (t) => {
  const { calls, wire } = recorder();
  for (let i = 0; i < 5; i++) wire.write([Buffer.from(`e${i}`), Buffer.from('\n')], {});
  t.same(calls, [], 'nothing written during the turn');
  await until(t, 'the turn ends', () => calls.length > 0);
  t.same(calls, [['e0', '\n', 'e1', '\n', 'e2', '\n', 'e3', '\n', 'e4', '\n']]);
  wire.write([Buffer.from('next')], {});
  await until(t, 'the next turn ends', () => calls.length > 1);
  t.same(calls[1], ['next'], 'a later turn writes again');
});

t.test('an event answered once written goes out at once, after what the turn held', async (t) => {
  const { calls, wire } = recorder();
  wire.write([Buffer.from('a')], {});
  wire.write([Buffer.from('b')], {});
  wire.write([Buffer.from('tx')], {}, true);
  t.same(calls, [['a', 'b'], ['tx']], 'written before the write returns, in order');
  wire.write([Buffer.from('c')], {});
  await until(t, 'the turn ends', () => calls.length > 2);
  t.same(calls[2], ['c']);
});
