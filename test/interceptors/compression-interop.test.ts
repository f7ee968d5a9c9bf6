/**
 * Our compressed bytes against the real command-line tools (where the machine has them):
 * what we write they read, what they write we read. Each algorithm's magic bytes are checked
 * too, so that `autodetect` on the other side finds them.
 */
import t from 'tap';
import { spawnSync } from 'node:child_process';
import type { Value } from '../../src/runtime/value.js';
import { createPostprocessors, createPreprocessors } from '../../src/interceptors/index.js';

const compress = (config: Value) => createPostprocessors([{ name: 'compress', config }])[0];
const decompress = (config: Value = null) => createPreprocessors([{ name: 'decompress', config }])[0];
const text = Buffer.from(Array.from({ length: 5000 }, (_, i) => `{"line":${i},"snot":"badger"}\n`).join(''));

const has = (tool: string) => spawnSync(tool, ['--version']).status === 0;
const run = (tool: string, args: string[], input: Uint8Array) => {
  const r = spawnSync(tool, args, { input, maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${tool} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

const TOOLS: [algorithm: string, tool: string, compressArgs: string[], decompressArgs: string[]][] = [
  ['gzip', 'gzip', ['-c'], ['-dc']],
  ['xz2', 'xz', ['-c'], ['-dc']],
  ['zstd', 'zstd', ['-c', '-q'], ['-dc', '-q']],
  ['lz4', 'lz4', ['-c', '-q'], ['-dc', '-q']],
];

for (const [algorithm, tool, cArgs, dArgs] of TOOLS) {
  t.test(`${algorithm} against ${tool}`, { skip: !has(tool) && `no ${tool} on this machine` }, (t) => {
    const levels = algorithm === 'gzip' ? [undefined] : algorithm === 'xz2' ? [0, 6, 9] : algorithm === 'zstd' ? [-7, 0, 19] : [0, 4];
    for (const level of levels) {
      const [ours] = compress(level === undefined ? { algorithm } : { algorithm, level }).process(text);
      t.ok(run(tool, dArgs, ours).equals(text), `${tool} reads ours (level ${level ?? 'default'})`);
    }
    const theirs = run(tool, cArgs, text);
    t.ok(Buffer.from(decompress({ algorithm }).process(theirs)[0]).equals(text), `we read ${tool}'s`);
    t.ok(Buffer.from(decompress().process(theirs)[0]).equals(text), `autodetect reads ${tool}'s`);
    t.end();
  });
}

t.test('zlib and snappy have no tool here: fixed vectors', (t) => {
  // snappy's framing format: stream identifier, then an uncompressed chunk (type 1, length 5)
  // holding the masked CRC-32C of "a" (CRC 0xc1d04330, the standard check value) and "a"
  const framed = Buffer.from('ff060000734e6150705901050000786ee42861', 'hex');
  t.same(Buffer.from(decompress({ algorithm: 'snappy' }).process(framed)[0]).toString(), 'a', 'a hand-made frame');
  t.same(Buffer.from(compress({ algorithm: 'snappy' }).process(Buffer.from('a'))[0]).toString('hex'), framed.toString('hex'), 'we write the same frame');
  t.same(Buffer.from(decompress().process(Buffer.from('789c4b040000620062', 'hex'))[0]).toString(), 'a', 'zlib of "a"');
  t.end();
});
