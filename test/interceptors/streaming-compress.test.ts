import t from 'tap';
import { spawnSync } from 'node:child_process';
import type { Value } from '../../src/runtime/value.js';
import { createPostprocessors, createPreprocessors } from '../../src/interceptors/index.js';

const streaming = (config: Value) => createPostprocessors([{ name: 'streaming-compress', config }])[0];
const decompress = (config: Value = null) => createPreprocessors([{ name: 'decompress', config }])[0];
const lines = Array.from({ length: 3000 }, (_, i) => `{"id":${i},"snot":"badger"}\n`);
const whole = Buffer.from(lines.join(''));

function run(config: Value): Buffer {
  const s = streaming(config);
  const out = lines.flatMap((l) => s.process(Buffer.from(l)));
  return Buffer.concat([...out, ...s.finish()]);
}

t.test('one stream over every chunk, finished at the end', (t) => {
  const configs: Value[] = [{ algorithm: 'xz2' }, { algorithm: 'xz', level: 0 }, { algorithm: 'zstd' }, { algorithm: 'zstd', level: -7 }, { algorithm: 'zstd', level: 22 }];
  for (const config of configs) {
    const packed = run(config);
    t.ok(packed.length < whole.length / 5, `${JSON.stringify(config)} compresses across events`);
    t.ok(Buffer.from(decompress().process(packed)[0]).equals(whole), `${JSON.stringify(config)} decompresses to everything`);
  }
  t.end();
});

t.test('a stream with no chunks writes nothing; a later chunk starts a new stream', (t) => {
  const s = streaming({ algorithm: 'xz2' });
  t.same(s.finish(), []);
  const again = [...s.process(Buffer.from('again')), ...s.finish()];
  t.same(Buffer.from(decompress().process(Buffer.concat(again))[0]).toString(), 'again');
  t.end();
});

for (const [algorithm, tool] of [
  ['xz2', 'xz'],
  ['zstd', 'zstd'],
]) {
  t.test(`${tool} -d reads the whole stream`, { skip: spawnSync(tool, ['--version']).status !== 0 && `no ${tool}` }, (t) => {
    const r = spawnSync(tool, ['-dc'], { input: run({ algorithm }) });
    t.equal(r.status, 0);
    t.ok(r.stdout.equals(whole));
    t.end();
  });
}

t.test("Tremor's configuration rules", (t) => {
  t.throws(() => streaming(null), /Missing configuration key `algorithm` for the streaming-compress postprocessor/);
  t.throws(() => streaming({ algorithm: 'gzip' }), /Unknown compression algorithm: gzip; expected one of xz2, zstd/);
  t.throws(() => streaming({ algorithm: 'xz2', level: 10 }), /`level` must be from 0 to 9 for xz2, not 10/);
  t.throws(() => streaming({ algorithm: 'zstd', level: 23 }), /`level` must be from -7 to 22 for zstd, not 23/);
  t.throws(() => streaming({ algorithm: 'zstd', mode: 1 }), /Unknown configuration key `mode` for the streaming-compress postprocessor; known keys: algorithm, level/);
  t.end();
});
