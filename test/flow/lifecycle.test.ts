/**
 * When finished sources end a flow. Without an exit connector, a flow of finite sources ends
 * by itself once they have drained; with one, the flow runs on as Tremor's does — pipelines
 * keep ticking and sinks stay open — until the exit connector stops it.
 */
import t from 'tap';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deploy } from '../../src/app/deploy.js';
import { probe, typesWith } from './doubles.js';

const flow = (body: string) => `define flow main flow\n${body}\nend;\ndeploy flow main;`;

t.test('with an exit connector, a time window closes on ticks after its source finished', async (t) => {
  const p = probe();
  // the source ends at once; the window can only close on a tick, and the exit fires later
  const h = deploy(
    flow(`
      define connector src from test_count with config = {"n": 3} end;
      define connector dst from test_record;
      define connector stop from exit;
      define pipeline win pipeline
        define window w from tumbling with interval = 20000000 end;
        select aggr::stats::count() from in[w] into out;
      end;
      define pipeline later pipeline
        define window w from tumbling with interval = 20000000 end;
        select {"exit": 0, "delay": 60} from in[w] into out;
      end;
      create connector src; create connector dst; create connector stop;
      create pipeline win; create pipeline later;
      connect /connector/src to /pipeline/win;
      connect /connector/src to /pipeline/later;
      connect /pipeline/win to /connector/dst;
      connect /pipeline/later to /connector/stop;`),
    { types: typesWith(p), tickMs: 5 },
  );
  t.equal(await h.done, 0);
  t.same(p.received, [3], 'the window emitted its count after the input had ended');
});

t.test('without an exit connector, the same window is not waited for: the flow ends with its source', async (t) => {
  const p = probe();
  const h = deploy(
    flow(`
      define connector src from test_count with config = {"n": 3} end;
      define connector dst from test_record;
      define pipeline win pipeline
        define window w from tumbling with interval = 60000000000 end;
        select aggr::stats::count() from in[w] into out;
      end;
      create connector src; create connector dst; create pipeline win;
      connect /connector/src to /pipeline/win;
      connect /pipeline/win to /connector/dst;`),
    { types: typesWith(p), tickMs: 5 },
  );
  t.equal(await h.done, 0);
  t.same(p.received, [], 'an open window is not flushed at the end of a flow (as Tremor)');
});

t.test('a file read to its end flushes its last line without a newline when the flow stops', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifecycle-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const input = path.join(dir, 'in.json');
  const output = path.join(dir, 'out.json');
  fs.writeFileSync(input, '"a"\n"exit"\n"the last event"');
  const p = probe();
  const h = deploy(
    flow(`
      define connector src from file with codec = "json", preprocessors = ["separate"], config = {"path": ${JSON.stringify(input)}, "mode": "read"} end;
      define connector dst from file with codec = "json", postprocessors = ["separate"], config = {"path": ${JSON.stringify(output)}, "mode": "truncate"} end;
      define connector stop from exit;
      define pipeline out pipeline select event from in into out; end;
      define pipeline quit pipeline select {"exit": 0} from in where event == "exit" into out; end;
      create connector src; create connector dst; create connector stop;
      create pipeline out; create pipeline quit;
      connect /connector/src to /pipeline/out;
      connect /connector/src to /pipeline/quit;
      connect /pipeline/out to /connector/dst;
      connect /pipeline/quit to /connector/stop;`),
    { types: typesWith(p) },
  );
  t.equal(await h.done, 0);
  t.same(fs.readFileSync(output, 'utf8').trim().split('\n'), ['"a"', '"exit"', '"the last event"']);
});
