import t from 'tap';
import * as A from '../../src/runtime/arith.js';
import type { Fault } from '../../src/runtime/fault.js';
import { FloatBox, typeName, eq } from '../../src/runtime/value.js';

const code = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Fault).code;
  }
  return 'none';
};

t.test('integer vs float arithmetic', (t) => {
  t.equal(A.add(1, 2, 0), 3);
  t.same(A.div(4, 2, 0), new FloatBox(2), '/ always yields a float');
  t.equal(typeName(A.add(0.5, 0.5, 0)), 'float', '0.5 + 0.5 is the float 1.0');
  t.equal(A.mod(-42, -7, 0), 0);
  t.equal(A.mod(-7, 2, 0), -1, 'truncated remainder');
  t.equal(A.add(9007199254740991, 1, 0), 9007199254740992n, 'beyond 2^53 goes exact');
  t.equal(A.add(9223372036854775807n, 1, 0), 9223372036854775808n, 'u64 arithmetic');
  t.equal(A.sub(0, 9223372036854775808n, 0), -9223372036854775808n, 'u64 subtraction into i64');
  t.same(A.add(18446744073709551615n, -1, 0), new FloatBox(18446744073709552000), 'u64 beyond i64 with a negative goes float');
  t.end();
});

t.test('overflow, division by zero and shifts are errors', (t) => {
  t.equal(
    code(() => A.mul(18446744073709551615n, 2, 0)),
    'T005',
  );
  t.equal(
    code(() => A.sub(0, 18446744073709551615n, 0)),
    'T005',
  );
  t.equal(
    code(() => A.div(1, 0, 0)),
    'T006',
  );
  t.equal(
    code(() => A.mod(1, 0, 0)),
    'T006',
  );
  t.equal(
    code(() => A.shr(42, 64, 0)),
    'T007',
  );
  t.equal(
    code(() => A.add(1, 'a', 0)),
    'T001',
  );
  t.equal(
    code(() => A.mod(1.5, 1, 0)),
    'T001',
  );
  t.end();
});

t.test('bits', (t) => {
  t.equal(A.shl(42, 63, 0), 0);
  t.equal(A.ushr(42, 2, 0), 10);
  t.equal(A.ushr(-42, 2, 0), 4611686018427387893n);
  t.equal(A.shr(-42, 2, 0), -11);
  t.equal(A.bitNot(42, 0), 18446744073709551573n);
  t.equal(A.bitNot(-42, 0), 41);
  t.equal(A.band(-42, 2, 0), 2);
  t.equal(A.band(true, false, 0), false);
  t.end();
});

t.test('comparisons and equality', (t) => {
  t.ok(eq(0.1 + 0.2, 0.3));
  t.ok(eq(1, new FloatBox(1)));
  t.ok(eq(Uint8Array.from([97]), 'a'), 'string == binary compares bytes');
  t.notOk(eq([1, 2], [1, 2, 3]));
  t.ok(eq({ a: [1] }, { a: [new FloatBox(1)] }));
  t.ok(A.lt('a', 'b', 0));
  t.ok(A.lt('\uffff', '\u{10000}', 0), 'strings compare by code point');
  t.equal(
    code(() => A.lt(true, false, 0)),
    'T001',
  );
  t.equal(
    code(() => A.truth('x', 0)),
    'T003',
  );
  t.end();
});
