import t from 'tap';
import { formatFloat, parseExact, parseJson, stringify, stringifySorted, JsonError } from '../../src/runtime/json.js';
import { FloatBox, typeName, type Rec } from '../../src/runtime/value.js';

t.test('64-bit integers and integral floats survive a round trip', (t) => {
  for (const s of ['18446744073709551615', '-9223372036854775808', '1764175345123456789', '9007199254740993', '1.0', '-0.0', '2.5', '1e300', '[1,2.0,{"a":3.0}]']) {
    t.equal(stringify(parseJson(s)), s, s);
  }
  t.equal(typeName(parseJson('1.0')), 'float');
  t.equal(typeName(parseJson('1')), 'integer');
  t.equal(typeName(parseJson('1e3')), 'float');
  t.equal((parseJson('{"a":9007199254740993}') as Rec).a, 9007199254740993n);
  t.end();
});

t.test('the fast path and the exact parser agree', (t) => {
  const text = '{"a":[1,-2,3.5,"x\\"y",true,null,{"b":{}}],"c":"héllo","d":-0}';
  t.same(parseJson(text), parseExact(text));
  t.end();
});

t.test('bad JSON reports a position', (t) => {
  t.throws(() => parseJson('{"a": }'), JsonError);
  try {
    parseExact('[1, 2,, 3]');
  } catch (e) {
    t.equal((e as JsonError).offset, 6);
  }
  t.end();
});

t.test('floats print like ryu', (t) => {
  const cases: [number, string][] = [
    [1, '1.0'],
    [0.5, '0.5'],
    [1e16, '1e16'],
    [1e-7, '1e-7'],
    [0.00001, '0.00001'],
    [0.000001, '1e-6'],
    [123456789012345680000, '1.2345678901234568e20'],
    [-0, '-0.0'],
    [1000000000000000, '1000000000000000.0'],
  ];
  for (const [x, s] of cases) t.equal(formatFloat(x), s, s);
  t.equal(stringify(new FloatBox(2)), '2.0');
  t.end();
});

t.test('sorted output and binaries', (t) => {
  t.equal(stringifySorted(parseJson('{"b":1,"a":{"d":1,"c":2}}')), '{"a":{"c":2,"d":1},"b":1}');
  t.equal(stringify(Uint8Array.from([1, 2, 3])), '"AQID"');
  t.end();
});

t.test('needsExact only looks at numbers', async (t) => {
  const { needsExact } = await import('../../src/runtime/json.js');
  t.notOk(needsExact('{"guid":"6bffadf5-54b3-451f-9afa-555c14086e36","n":1.5,"a":[1,2,3],"s":"1.0e5 \\" 2.0"}'));
  for (const s of ['1.0', '[2e3]', '{"a":12345678901234567}', '{"a":-1.00}', '0.100000000000000001', '"unterminated']) t.ok(needsExact(s), s);
});

t.test('leading zeros are not JSON, on every decoding path', async (t) => {
  const { parseJson, parseJsonFast, parseExact, JsonError } = await import('../../src/runtime/json.js');
  for (const s of ['01', '-01', '[00]', '{"a":01}', '{"a":-007.5}', '1.0e01x']) {
    for (const [name, f] of [
      ['parseExact', parseExact],
      ['parseJson', parseJson],
      ['parseJsonFast', parseJsonFast],
    ] as const) {
      t.throws(() => f(s), JsonError, `${name}(${s})`);
    }
  }
  t.same(parseExact('[0,-0,0.5,10,1.0e01]'), parseJson('[0,-0,0.5,10,1.0e01]'), 'a single zero, and zeros elsewhere, are fine');
});
