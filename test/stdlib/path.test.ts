import t from 'tap';
import { path } from '../../src/std/path.js';
import type { Value } from '../../src/runtime/value.js';

const tryDefault = (b: Value, s: Value, d: Value) => path.fns.try_default.impl(b, s, d);
const base = { snot: 'badger', arr: [{ beep: 'boop' }, 1234] };

t.test('try_default walks records and arrays (corpus scripts/path_defaulting)', (t) => {
  t.equal(tryDefault(base, ['snot'], 'not-used'), 'badger');
  t.equal(tryDefault(base, [], 'not-used'), base);
  t.equal(tryDefault(base, ['bad'], 'good'), 'good');
  t.equal(tryDefault(base, ['arr', 0, 'beep'], 'good'), 'boop');
  t.equal(tryDefault(['snot', ['snot', 'badger']], [1, 1], 'x'), 'badger');
  t.equal(tryDefault(['a'], [5], 'x'), 'x');
  t.equal(tryDefault(['a'], ['k'], 'x'), 'x');
  t.equal(tryDefault({ snot: 'badger' }, ['snot', 'badger'], 'pass'), 'pass', 'too deep');
  t.same(tryDefault({ a: 1 }, [0], 'x'), { a: 1 }, "Tremor's quirk: an unusable segment is skipped");
  t.equal(tryDefault({ constructor: 1 }, ['constructor'], 'x'), 1);
  t.equal(tryDefault({}, ['constructor'], 'x'), 'x');
  t.equal(tryDefault(null, ['a'], 'pass'), 'pass');
  t.end();
});

t.test('try_default errors', (t) => {
  t.throws(() => tryDefault(1, [], 'e'), {
    code: 'R010',
    message: 'Runtime error in function path::try_default/3: Expected record or array or literal `null` as first argument',
  });
  t.throws(() => tryDefault({}, 1, 'e'), {
    code: 'R010',
    message: 'Runtime error in function path::try_default/3: Expected path segment array as second argument',
  });
  t.end();
});
