import t from 'tap';
import { eq, FloatBox, typeName } from '../../src/runtime/value.js';
import { parseJson, stringify } from '../../src/runtime/json.js';

t.test('equality follows Tremor', (t) => {
  t.ok(eq(1, new FloatBox(1)), '1 == 1.0');
  t.ok(eq(0.1 + 0.2, 0.3), '0.1 + 0.2 == 0.3');
  t.notOk(eq(1, '1'));
  t.end();
});

t.test('64-bit integers survive a JSON round trip', (t) => {
  for (const s of ['18446744073709551615', '-9223372036854775808', '1764175345123456789', '1.0', '-0.0', '1e300']) {
    t.equal(stringify(parseJson(s)), s === '1e300' ? '1e300' : s);
  }
  t.equal(typeName(parseJson('2.0')), 'float');
  t.end();
});
