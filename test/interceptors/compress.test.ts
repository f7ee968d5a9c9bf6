import t from 'tap';
import { brotliDecompressSync, gunzipSync, gzipSync, inflateSync, deflateSync } from 'node:zlib';
import type { Value } from '../../src/runtime/value.js';
import { createPostprocessors, createPreprocessors } from '../../src/interceptors/index.js';

const compress = (config: Value) => createPostprocessors([{ name: 'compress', config }])[0];
const decompress = (config: Value = null) => createPreprocessors([{ name: 'decompress', config }])[0];
const str = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const text = 'snot badger '.repeat(20);

t.test('compress writes real gzip, zlib and brotli', (t) => {
  const [gz] = compress({ algorithm: 'gzip' }).process(Buffer.from(text));
  t.same([gz[0], gz[1]], [0x1f, 0x8b], 'gzip magic');
  t.equal(gunzipSync(gz).toString(), text);
  const [zl] = compress({ algorithm: 'zlib' }).process(Buffer.from(text));
  t.same([zl[0], zl[1]], [0x78, 0x9c], 'zlib header');
  t.equal(inflateSync(zl).toString(), text);
  const [br] = compress({ algorithm: 'br' }).process(Buffer.from(text));
  t.equal(brotliDecompressSync(br).toString(), text);
  t.ok(br.length < text.length, 'it compresses');
  t.same(compress({ algorithm: 'gzip' }).finish(), []);
  t.end();
});

t.test('compress → decompress round trips, named or autodetected', (t) => {
  for (const algorithm of ['gzip', 'zlib', 'xz2', 'snappy', 'lz4', 'zstd', 'br']) {
    for (const payload of ['snot', '', text]) {
      const [packed] = compress({ algorithm }).process(Buffer.from(payload));
      t.same(decompress({ algorithm }).process(packed).map(str), [payload], `${algorithm}: ${payload.length} bytes`);
      if (algorithm !== 'br' && packed.length >= 6) t.same(decompress().process(packed).map(str), [payload], `${algorithm} autodetected`);
    }
  }
  t.end();
});

t.test('autodetect passes uncompressed data through, as Tremor', (t) => {
  const d = decompress({ algorithm: 'autodetect' });
  t.same(d.process(Buffer.from('{"plain": "json"}')).map(str), ['{"plain": "json"}']);
  t.same(
    d.process(Buffer.from([0x1f, 0x8b, 0x08])).map((c) => [...c]),
    [[0x1f, 0x8b, 0x08]],
    'fewer than 6 bytes are never detected',
  );
  const [br] = compress({ algorithm: 'br' }).process(Buffer.from('x'));
  t.same(
    d.process(br).map((c) => [...c]),
    [[...br]],
    'brotli has no magic bytes',
  );
  t.same(d.process(gzipSync('a')).map(str), ['a']);
  t.same(d.process(deflateSync('b', { level: 1 })).map(str), ['b'], 'zlib 78 01');
  t.same(d.finish(), []);
  t.end();
});

t.test('autodetect reads every magic number but Brotli', (t) => {
  const d = decompress();
  for (const algorithm of ['gzip', 'zlib', 'xz2', 'snappy', 'lz4', 'zstd']) {
    const [packed] = compress({ algorithm }).process(Buffer.from(text));
    t.same(d.process(packed).map(str), [text], algorithm);
  }
  t.throws(() => d.process(Buffer.from([0xff, 1, 2, 3, 4, 5])), /cannot snappy-decompress 6 bytes/, 'a 0xff first byte means framed snappy, as Tremor');
  t.end();
});

t.test('corrupt data is an error', (t) => {
  t.throws(() => decompress({ algorithm: 'gzip' }).process(Buffer.from('not gzip at all')), /decompress: cannot gzip-decompress 15 bytes/);
  t.throws(() => decompress({ algorithm: 'zlib' }).process(Buffer.from('not zlib at all')), /decompress: cannot zlib-decompress 15 bytes/);
  t.throws(() => decompress({ algorithm: 'br' }).process(Buffer.from('not brotli at all')), /decompress: cannot br-decompress 17 bytes/);
  for (const algorithm of ['xz2', 'snappy', 'lz4', 'zstd']) {
    t.throws(() => decompress({ algorithm }).process(Buffer.from('not compressed at all')), new RegExp(`decompress: cannot ${algorithm}-decompress 21 bytes`), algorithm);
  }
  // lz4_flex and zstd-codec's stream end a frame cut short without a word (a known gap)
  for (const algorithm of ['xz2', 'snappy']) {
    const [packed] = compress({ algorithm }).process(Buffer.from(text));
    t.throws(() => decompress({ algorithm }).process(packed.subarray(0, packed.length - 3)), new RegExp(`cannot ${algorithm}-decompress`), `${algorithm} truncated`);
  }
  const truncated = gzipSync(text).subarray(0, 20);
  t.throws(() => decompress().process(truncated), /cannot gzip-decompress 20 bytes/, 'autodetected, then truncated');
  const twoMembers = Buffer.concat([gzipSync('one '), gzipSync('two')]);
  t.same(decompress({ algorithm: 'gzip' }).process(twoMembers).map(str), ['one two'], 'concatenated gzip members, as Tremor’s MultiDecoder');
  t.end();
});

t.test('compression levels', (t) => {
  // the gzip header's XFL byte says which extreme was used
  t.equal(compress({ algorithm: 'gzip', level: 9 }).process(Buffer.from(text))[0][8], 2);
  t.equal(compress({ algorithm: 'gzip', level: 1 }).process(Buffer.from(text))[0][8], 4);
  t.equal(compress({ algorithm: 'zlib', level: 9 }).process(Buffer.from(text))[0][1], 0xda);
  for (const level of [0, 5, 11]) t.equal(brotliDecompressSync(compress({ algorithm: 'br', level }).process(Buffer.from(text))[0]).toString(), text, `br level ${level}`);
  t.throws(() => compress({ algorithm: 'gzip', level: 10 }), /Invalid configuration for the compress postprocessor: `level` must be from 0 to 9 for gzip, not 10/);
  t.throws(() => compress({ algorithm: 'br', level: 12 }), /Invalid configuration for the compress postprocessor: `level` must be from 0 to 11 for br, not 12/);
  t.throws(() => compress({ algorithm: 'zlib', level: 1.5 }), /Invalid configuration for the compress postprocessor: `level` must be an integer, not 1.5/);
  // Tremor's rules for the algorithms it gives levels to
  t.throws(() => compress({ algorithm: 'xz2', level: 10 }), /`level` must be from 0 to 9 for xz2, not 10/);
  t.throws(() => compress({ algorithm: 'xz2', level: -1 }), /`level` must be from 0 to 9 for xz2, not -1/);
  t.throws(() => compress({ algorithm: 'zstd', level: 23 }), /`level` must be from -7 to 22 for zstd, not 23/);
  t.throws(() => compress({ algorithm: 'zstd', level: -8 }), /`level` must be from -7 to 22 for zstd, not -8/);
  t.throws(() => compress({ algorithm: 'lz4', level: -1 }), /`level` must be at least 0 for lz4, not -1/);
  t.throws(() => compress({ algorithm: 'snappy', level: 1 }), /`level` is not supported for snappy \(Compression level not supported for given algorithm\)/);
  for (const [algorithm, level] of [
    ['xz2', 0],
    ['xz2', 9],
    ['zstd', -7],
    ['zstd', 19],
    ['lz4', 12],
  ] as const) {
    const [packed] = compress({ algorithm, level }).process(Buffer.from(text));
    t.same(decompress({ algorithm }).process(packed).map(str), [text], `${algorithm} level ${level}`);
  }
  t.end();
});

t.test('strict configs', (t) => {
  t.throws(() => compress(null), /Missing configuration key `algorithm` for the compress postprocessor \(gzip, zlib, xz2 \(or xz\), snappy, lz4, zstd or br/);
  t.throws(() => compress({}), /Missing configuration key `algorithm`/);
  t.same(
    decompress({ algorithm: 'xz' })
      .process(compress({ algorithm: 'xz' }).process(Buffer.from('a'))[0])
      .map(str),
    ['a'],
    '`xz` is read as `xz2`',
  );
  t.throws(() => compress({ algorithm: 'snot' }), /Invalid configuration for the compress postprocessor: Unknown compression algorithm: snot; expected one of gzip, zlib, xz2, snappy, lz4, zstd, br/);
  t.throws(() => compress({ algorithm: 'autodetect' }), /Unknown compression algorithm: autodetect/, 'autodetect is for decompressing only');
  t.throws(() => decompress({ algorithm: 1 }), /Invalid configuration for the decompress preprocessor: `algorithm` must be a compression algorithm, not 1/);
  t.throws(() => compress({ algorithm: 'gzip', algo: 'x' }), /Unknown configuration key `algo` for the compress postprocessor; known keys: algorithm, level/);
  t.throws(() => decompress({ level: 1 }), /Unknown configuration key `level` for the decompress preprocessor; known keys: algorithm/);
  t.end();
});
