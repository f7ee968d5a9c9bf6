import t from 'tap';
import { win } from '../../src/std/win.js';
import { newContext } from '../../src/runtime/context.js';

t.test('cardinality reads the context', (t) => {
  const f = win.fns.cardinality;
  t.equal(f.minArity, 0);
  t.equal(f.maxArity, 0);
  t.equal(f.pure, false);
  t.equal(f.ctx, true);
  const ctx = newContext();
  ctx.cardinality = 2;
  t.equal(f.impl(ctx), 2);
  t.end();
});
