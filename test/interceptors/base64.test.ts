import t from 'tap';
import { createPostprocessors, createPreprocessors } from '../../src/interceptors/index.js';

const pre = () => createPreprocessors([{ name: 'base64', config: null }])[0];
const post = () => createPostprocessors([{ name: 'base64', config: null }])[0];
const str = (b: Uint8Array) => Buffer.from(b).toString('latin1');

t.test("Tremor's example, both ways", (t) => {
  t.same(post().process(Buffer.from('snot badger')).map(str), ['c25vdCBiYWRnZXI=']);
  t.same(pre().process(Buffer.from('c25vdCBiYWRnZXI=')).map(str), ['snot badger']);
  t.same([pre().finish(), post().finish()], [[], []]);
  t.end();
});

t.test('round trips any bytes', (t) => {
  const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  for (let n = 0; n <= 10; n++) {
    const bytes = all.subarray(250 - n * 20, 250 - n * 19);
    const [enc] = post().process(bytes);
    t.same([...pre().process(enc)[0]], [...bytes], `${bytes.length} bytes`);
  }
  t.same(pre().process(new Uint8Array(0)).map(str), [''], 'empty stays empty');
  t.end();
});

t.test('anything but canonical base64 is an error, not silently skipped', (t) => {
  const p = pre();
  for (const bad of ['c25vdA', 'c25v dA==', 'c25vdA==\n', 'c2-_dA==', 'c25vdA==c25v', 'QR==', '!!!!', '====']) {
    t.throws(() => p.process(Buffer.from(bad)), /base64: \d+ bytes of input are not valid base64/, JSON.stringify(bad));
  }
  t.same(p.process(Buffer.from('QQ==')).map(str), ['A'], 'still works');
  t.end();
});

t.test('takes no config', (t) => {
  t.throws(() => createPreprocessors([{ name: 'base64', config: { url: true } }]), /Unknown configuration key `url` for the base64 preprocessor/);
  t.throws(() => createPostprocessors([{ name: 'base64', config: { url: true } }]), /Unknown configuration key `url` for the base64 postprocessor/);
  t.end();
});
