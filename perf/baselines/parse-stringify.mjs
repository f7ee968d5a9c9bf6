// Hand-written Node baseline for Tremor's bench suite (issue #15): what a careful developer
// would write to replay a JSON-lines file through "parse, then serialize again" as fast as one
// core allows. It reads the same data the benches read (an .xz file is decompressed first,
// outside the timing), then loops over the lines for `--secs` seconds doing
// `JSON.stringify(JSON.parse(line))`, counting events and the bytes written, and prints one
// JSON line: {"events": N, "bytes": B, "secs": S, "mb_per_sec": B / S / 2^20}.
//
//   node perf/baselines/parse-stringify.mjs FILE [--secs 4]
import fs from 'node:fs';
import { createRequire } from 'node:module';

const [file, ...rest] = process.argv.slice(2);
const i = rest.indexOf('--secs');
const secs = i >= 0 ? Number(rest[i + 1]) : 4;
let data = fs.readFileSync(file);
if (file.endsWith('.xz')) data = await xz(data);
const lines = data.toString('utf8').split('\n').filter((l) => l.trim() !== '');

let events = 0;
let bytes = 0;
const t0 = performance.now();
const stopAt = t0 + secs * 1000;
let now = t0;
while (now < stopAt) {
  for (let k = 0; k < lines.length; k++) {
    const out = JSON.stringify(JSON.parse(lines[k]));
    bytes += out.length; // the data is ASCII: characters are bytes
  }
  events += lines.length;
  now = performance.now();
}
const took = (now - t0) / 1000;
console.log(JSON.stringify({ events, bytes, secs: took, mb_per_sec: bytes / took / 2 ** 20 }));

function xz(buf) {
  const lzma = createRequire(import.meta.url)('lzma-native');
  return new Promise((resolve, reject) => lzma.decompress(buf, (out, err) => (err ? reject(err) : resolve(out))));
}
