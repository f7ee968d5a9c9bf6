// Hand-written Node baseline for the flow-file-to-file benchmark: the work of the troy app in
// perf/benches/flow-file-to-file.mjs (keep the log events whose short_message is "ERROR" or
// whose aint is above 35, unchanged), written the way a careful Node developer would with
// streams: a file read stream, lines split by hand, JSON.parse, the test, and the line itself
// written back (the event is not changed, so it is not serialized again), honouring
// backpressure through pipeline().
//
//   node perf/baselines/file-to-file.mjs IN OUT
import fs from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const [input, output] = process.argv.slice(2);
let rest = '';
const filter = new Transform({
  decodeStrings: false,
  transform(chunk, _enc, cb) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    let out = '';
    for (const line of lines) {
      if (!line) continue;
      const e = JSON.parse(line);
      if (e.short_message === 'ERROR' || e.aint > 35) out += line + '\n';
    }
    cb(null, out);
  },
  flush(cb) {
    if (rest) {
      const e = JSON.parse(rest);
      if (e.short_message === 'ERROR' || e.aint > 35) return cb(null, rest + '\n');
    }
    cb();
  },
});
await pipeline(fs.createReadStream(input, { encoding: 'utf8' }), filter, fs.createWriteStream(output));
