import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';

t.test('bytes <-> binaries; strings as UTF-8, other values as JSON', (t) => {
  const c = createCodec({ name: 'binary', config: null });
  const raw = Buffer.from([0, 255, 10, 13]);
  const v = c.decode(raw.subarray(1, 3)) as Uint8Array;
  t.same([...v], [255, 10]);
  t.equal(Object.getPrototypeOf(v), Uint8Array.prototype, 'a plain Uint8Array, not a Buffer');
  raw[1] = 0;
  t.equal(v[0], 255, 'a copy: later changes to the read buffer do not leak in');
  t.same([...c.encode(new Uint8Array([1, 2]))], [1, 2]);
  t.equal(Buffer.from(c.encode('ab')).toString(), 'ab');
  t.equal(Buffer.from(c.encode([1, { x: true }])).toString(), '[1,{"x":true}]');
  t.end();
});

t.test('unknown codecs and config keys are errors that say which', (t) => {
  t.throws(() => createCodec({ name: 'binary', config: { x: 1 } }), /Unknown configuration key `x` for the binary codec/);
  t.throws(() => createCodec({ name: 'yamlish', config: null }), /Unknown codec `yamlish`; known codecs are json, json-sorted, string, binary/);
  t.end();
});
