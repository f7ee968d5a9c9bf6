/**
 * Programs the compiler fuzz test (fuzz.test.ts) found to end in an internal error, kept as
 * regressions: each must compile and run as Tremor would.
 */
import t from 'tap';
import { runScript } from '../helpers.js';

t.test('a number literal as the subject of a match with record and array patterns (seed 20261203)', async (t) => {
  // `match 4 of case foo = %[ 2 ] …` generated `4.length`, which JavaScript does not parse
  t.equal(runScript('match 4 of case foo = %[ 2 ] => foo case _ => "ko" end'), '"ko"');
  t.equal(runScript('match 4.5 of case %{ a == 1 } => 1 case _ => "ko" end'), '"ko"');
  t.equal(runScript('match 4 of case %[] => 1 case 4 => "four" case _ => "ko" end'), '"four"');
});

t.test('a number literal as the target of a for comprehension (seed 20261203, second run)', async (t) => {
  // `for 1 of … end` generated `1.length`
  // (what iterating a number gives is not the point here: that it compiles and runs)
  t.doesNotThrow(() => runScript('for 1 of case (k, v) => v into 1 use * end'));
  t.doesNotThrow(() => runScript('for 2.5 of case (k, v) => v end'));
});
