import t from 'tap';
import { PassThrough } from 'node:stream';
import { cyclicNodes, QuietWatch } from '../../src/flow/cycles.js';
import { ManualClock } from '../../src/base/clock.js';

t.test('cyclicNodes finds the members of every cycle, self-loops included', (t) => {
  const l = (from: string, to: string) => ({ from, to });
  t.same([...cyclicNodes([l('a', 'b'), l('b', 'c')])], [], 'a chain has none');
  t.same([...cyclicNodes([l('src', 'kv'), l('kv', 'p'), l('p', 'kv'), l('p', 'file')])].sort(), ['kv', 'p']);
  t.same([...cyclicNodes([l('a', 'a'), l('a', 'b')])], ['a']);
  t.same([...cyclicNodes([l('a', 'b'), l('b', 'c'), l('c', 'a'), l('x', 'y'), l('y', 'x'), l('c', 'x')])].sort(), ['a', 'b', 'c', 'x', 'y']);
  t.end();
});

t.test('QuietWatch fires after two quiet polls in a row, not while anything is buffered or in flight', (t) => {
  const clock = new ManualClock();
  const s = new PassThrough({ objectMode: true });
  s.write({ x: 1 }); // buffered: not quiet
  let busy = true;
  let fired = 0;
  const w = new QuietWatch(
    () => [{ readable: s, writable: s }, { idle: () => !busy }],
    clock,
    () => fired++,
    10,
  );
  w.start();
  clock.advance(50);
  t.equal(fired, 0, 'an event is buffered');
  s.read();
  clock.advance(50);
  t.equal(fired, 0, 'work in flight');
  busy = false;
  clock.advance(10);
  t.equal(fired, 0, 'one quiet poll is not enough');
  clock.advance(10);
  t.equal(fired, 1);
  clock.advance(100);
  t.equal(fired, 1, 'once');
  t.end();
});
