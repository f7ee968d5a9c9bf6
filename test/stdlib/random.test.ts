import t from 'tap';
import { random } from '../../src/std/random.js';
import { newContext, type EvalCtx } from '../../src/runtime/context.js';
import { FloatBox, isInt, type Value } from '../../src/runtime/value.js';

const ctxAt = (ns: number | bigint): EvalCtx => ({ ...newContext(), ingestNs: ns });
const call = (ctx: EvalCtx, name: string, ...args: Value[]) => random.fns[name].impl(ctx, ...args);
const ctx = ctxAt(1764175345123456789n);

t.test('declarations', (t) => {
  for (const f of Object.values(random.fns)) {
    t.equal(f.pure, false, `${f.fullName} is not const`);
    t.equal(f.ctx, true);
  }
  t.equal(random.fns.integer.minArity, 0);
  t.equal(random.fns.integer.maxArity, 2);
  t.equal(random.fns.string.maxArity, 1);
  t.equal(random.fns.bool.maxArity, 0);
  t.end();
});

t.test('seeded by ingest_ns: repeated calls agree, other timestamps differ', (t) => {
  t.equal(call(ctx, 'integer'), call(ctx, 'integer'));
  t.equal(call(ctx, 'string', 16), call(ctx, 'string', 16));
  const values = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((n) => call(ctxAt(n), 'integer', 1000000)));
  t.ok(values.size > 4, 'different seeds give different values');
  const bools = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => call(ctxAt(n), 'bool')));
  t.same([...bools].sort(), [false, true]);
  t.end();
});

t.test('integer', (t) => {
  t.ok(isInt(call(ctx, 'integer')));
  t.equal(call(ctx, 'integer', 1), 0);
  t.equal(call(ctx, 'integer', 0, 1), 0);
  t.equal(call(ctx, 'integer', -42, -41), -42);
  for (let n = 0; n < 50; n++) {
    const v = call(ctxAt(n), 'integer', 10, 20) as number;
    t.ok(v >= 10 && v < 20);
  }
  t.ok(isInt(call(ctx, 'integer', 18446744073709551615n)));
  t.throws(() => call(ctx, 'integer', 0), { code: 'R010', message: 'Runtime error in function random::integer/1: Invalid arguments. Single argument value must be > 0.' });
  t.throws(() => call(ctx, 'integer', 3, 3), { code: 'R010', message: /First argument must be lower than second argument/ });
  t.throws(() => call(ctx, 'integer', -1), { code: 'T004', message: 'Bad type passed to function random::integer/1' });
  t.throws(() => call(ctx, 'integer', 'a', 1), { code: 'T004', message: 'Bad type passed to function random::integer/2' });
  t.end();
});

t.test('float', (t) => {
  for (let n = 0; n < 50; n++) {
    const c = ctxAt(n);
    const x = call(c, 'float');
    const u = x instanceof FloatBox ? x.fv : (x as number);
    t.ok(u >= 0 && u < 1);
    const y = call(c, 'float', 100) as number;
    t.ok(y >= 0 && y < 100);
    const z = call(c, 'float', -5, 5.5) as number;
    t.ok(z >= -5 && z < 5.5);
  }
  t.throws(() => call(ctx, 'float', 0), { code: 'R010', message: /must be > 0.0/ });
  t.throws(() => call(ctx, 'float', 2, 1), { code: 'R010', message: /lower than second/ });
  t.throws(() => call(ctx, 'float', 'a'), { code: 'T004', message: 'Bad type passed to function random::float/1' });
  t.throws(() => call(ctx, 'float', 1, null), { code: 'T004', message: 'Bad type passed to function random::float/2' });
  t.end();
});

t.test('string and bool', (t) => {
  t.equal(call(ctx, 'string', 0), '');
  t.match(call(ctx, 'string', 32), /^[A-Za-z0-9]{32}$/);
  t.type(call(ctx, 'bool'), 'boolean');
  t.throws(() => call(ctx, 'string', -1), { code: 'T004', message: 'Bad type passed to function random::string/1' });
  t.end();
});
