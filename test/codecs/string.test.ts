import t from 'tap';
import { createCodec } from '../../src/codecs/index.js';

const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

t.test('UTF-8 bytes <-> strings; other values as JSON', (t) => {
  const c = createCodec({ name: 'string', config: null });
  t.equal(c.decode(Buffer.from('snot ✓ badger')), 'snot ✓ badger');
  t.equal(c.decode(new Uint8Array(0)), '', 'an empty chunk is the empty string');
  t.throws(() => c.decode(new Uint8Array([0x61, 0xc3])), /not valid UTF-8/);
  t.equal(text(c.encode('héllo')), 'héllo');
  t.equal(text(c.encode({ a: [1, 'b'] })), '{"a":[1,"b"]}');
  t.equal(text(c.encode(null)), 'null');
  t.end();
});

t.test('takes no config', (t) => {
  t.ok(createCodec({ name: 'string', config: {} }));
  t.throws(() => createCodec({ name: 'string', config: { encoding: 'latin1' } }), /Unknown configuration key `encoding` for the string codec; it takes no configuration/);
  t.end();
});
