import t from 'tap';
import { windows } from '../../src/std/windows.js';

t.test('state window constants', (t) => {
  t.same(windows.consts.EMIT_AND_INCLUDE, [true, true]);
  t.same(windows.consts.EMIT_AND_EXCLUDE, [true, false]);
  t.equal(windows.consts.DONT_EMIT, false);
  t.end();
});
