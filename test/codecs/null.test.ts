import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';

t.test('decodes anything to null, encodes anything to no bytes', (t) => {
  const c = createCodec({ name: 'null', config: null });
  t.equal(c.decode(Buffer.from('{"snot": "badger"}')), null);
  t.equal(c.decode(new Uint8Array([0xff, 0x00])), null, 'even invalid UTF-8');
  t.equal(c.decode(new Uint8Array(0)), null, 'even an empty chunk');
  for (const v of [null, 'x', { a: [1] }, new Uint8Array([1])]) t.equal(c.encode(v).length, 0);
  t.end();
});

t.test('takes no config', (t) => {
  t.ok(createCodec({ name: 'null', config: {} }));
  t.throws(() => createCodec({ name: 'null', config: { x: 1 } }), /Unknown configuration key `x` for the null codec; it takes no configuration/);
  t.end();
});
