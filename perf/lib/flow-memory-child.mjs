// Child process of the flow-memory benchmark: a fast file source (N JSON lines) through a
// pipeline into a deliberately slow sink; prints {events, ms, peakRssMb} as JSON.
import path from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

const [root, file, n] = process.argv.slice(2);
const imp = (p) => import(pathToFileURL(path.join(root, p)).href);
const { deploy } = await imp('dist/app/deploy.js');
const { connectorTypes } = await imp('dist/connectors/registry.js');

let received = 0;
const slow = {
  name: 'slow_sink',
  summary: 'a deliberately slow sink',
  codec: 'none',
  outputs: () => [],
  inputs: () => ['in'],
  validate: () => null,
  create: (ctx) => ({
    sink: new Writable({
      objectMode: true,
      highWaterMark: ctx.highWaterMark,
      // one millisecond of "work" every 64 events: far slower than the file can be read
      write(_c, _e, cb) {
        if (++received % 64 === 0) setTimeout(cb, 1);
        else cb();
      },
    }),
  }),
};
const types = new Map(connectorTypes);
types.set(slow.name, slow);

let peak = 0;
const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
const t0 = performance.now();
const h = deploy(
  `define flow main flow
     define connector src from file with codec = "json", preprocessors = ["separate"], config = {"path": ${JSON.stringify(file)}, "mode": "read"} end;
     define connector dst from slow_sink;
     define pipeline pass pipeline select {"n": event.n, "tag": event.tag} from in into out; end;
     create connector src; create connector dst; create pipeline pass;
     connect /connector/src to /pipeline/pass;
     connect /pipeline/pass to /connector/dst;
   end;
   deploy flow main;`,
  { types },
);
const code = await h.done;
clearInterval(sample);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(JSON.stringify({ code, events: received, expected: Number(n), ms: Math.round(performance.now() - t0), peakRssMb: Math.round(peak / 1048576) }) + '\n');
